package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cchc"
)

const sqlUsage = `cchc sql "SELECT ..." [--format table|csv|json]

Chạy một truy vấn chỉ đọc trên kho: kho mở ở chế độ chỉ đọc, truy cập tệp bên ngoài
bị tắt và cấu hình bị khóa, nên không lệnh nào ghi, gắn (ATTACH), xuất (COPY, EXPORT)
hay đọc tệp nào khác (read_csv, read_text).
Runs a read-only query on the warehouse: opened read-only, with external file access
off and the configuration locked, so no statement writes, attaches (ATTACH), exports
(COPY, EXPORT) or reads any other file (read_csv, read_text).

Ví dụ / example:
  cchc sql "select index_id, year, count(*) from marts.mart_index_rankings group by all order by all"
`

func runSQL(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "sql", sqlUsage)
	format := fs.String("format", "table", "table, csv hoặc/or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("cần đúng một câu truy vấn / exactly one query is required")
	}
	db, err := cchc.OpenLocked(ctx, e.dbPath(*dbFlag))
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, pos[0])
	if err != nil {
		return sqlError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	t := &table{header: cols}
	objs := []orderedRow{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		cells := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				cells[i] = ""
			case time.Time:
				cells[i] = x.Format("2006-01-02")
				if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 {
					cells[i] = x.Format(time.RFC3339)
				}
			case []byte:
				cells[i] = string(x)
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		t.add(cells...)
		objs = append(objs, orderedRow{cols: cols, vals: vals})
	}
	if err := rows.Err(); err != nil {
		return sqlError(err)
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, objs)
	case "csv":
		return t.writeCSV(e.stdout)
	}
	t.writeText(e.stdout)
	fmt.Fprintf(e.stdout, "(%d dòng/rows)\n", len(t.rows))
	return nil
}

// sqlError says, for a statement the lockdown refused, why: cchc sql neither
// writes nor touches a file outside the warehouse.
func sqlError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "disabled by configuration"), strings.Contains(msg, "configuration has been locked"),
		strings.Contains(msg, "read-only mode"):
		return fmt.Errorf("cchc sql chỉ đọc kho, không ghi và không mở tệp nào khác / cchc sql only reads the warehouse, writing and opening other files are refused: %w", err)
	}
	return fmt.Errorf("truy vấn / query: %w", err)
}

// orderedRow is one result row as a JSON object with its keys in the
// order of the query's columns.
type orderedRow struct {
	cols []string
	vals []any
}

func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range r.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		v := r.vals[i]
		if x, ok := v.([]byte); ok {
			v = string(x)
		}
		val, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
