//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// The records transport without the duckdb_arrow build tag: the checked
// batches are appended to raw.dossier_records through duckdb-go's Appender
// on the load's connection. Slower than the Arrow stream, with the same
// checks and the same rows (records_check.go).

// insertRecords appends the checked batches to raw.dossier_records.
func insertRecords(ctx context.Context, conn *sql.Conn, s *recordStream, res *Result, loadID int64) (int64, error) {
	var n int64
	err := conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", "dossier_records")
		if err != nil {
			return err
		}
		row := make([]driver.Value, len(typedRecordColumns)+4)
		for b := range s.batches {
			for i := range b.lines {
				row[0] = b.str[0].at(i)
				for k := 1; k <= 7; k++ {
					row[k] = b.str[k].at(i)
				}
				for k := range 3 {
					row[8+k] = b.dates[k].at(i)
				}
				row[11] = b.str[8].at(i)
				row[12], row[13], row[14], row[15] = res.File, b.lines[i], loadID, nil
				if err := app.AppendRow(row...); err != nil {
					app.Close()
					return err
				}
				n++
			}
			if ctx.Err() != nil {
				app.Close()
				return ctx.Err()
			}
		}
		return app.Close()
	})
	return n, err
}

// at is the value of row i: a string, or nil for NULL.
func (c *stringColumn) at(i int) driver.Value {
	if c.valid[i/8]&(1<<(i%8)) == 0 {
		return nil
	}
	return string(c.data[c.offsets[i]:c.offsets[i+1]])
}

// at is the date of row i, or nil for NULL.
func (c *dateColumn) at(i int) driver.Value {
	if c.valid[i/8]&(1<<(i%8)) == 0 {
		return nil
	}
	return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(c.days[i]))
}
