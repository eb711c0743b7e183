package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writeParquet writes each table as a folder of Parquet files under
// root/<schema>/<table>/, with DuckDB's own COPY. A table with an integer
// year column is partitioned on it, Hive style (year=2023/data_0.parquet):
// the values are digits, so the folder names are ASCII, and no text column
// (a province code "01") is ever a partition, so none is re-typed on the
// way back. Every other table is one file, data_0.parquet, so that
// read_parquet('<table>/**/*.parquet', hive_partitioning = true) reads any
// table. The manifest gives each column's type in the files.
func writeParquet(ctx context.Context, conn *sql.Conn, root string, tables []tableInfo) ([]Table, error) {
	var out []Table
	for _, t := range tables {
		n, err := countRows(ctx, conn, t)
		if err != nil {
			return nil, err
		}
		rel := filepath.Join(t.schema, t.name)
		dir := filepath.Join(root, rel)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		cols := make([]Column, len(t.cols))
		sel := make([]string, len(t.cols))
		for i, c := range t.cols {
			cols[i], sel[i] = c, ident(c.Name)
			// Parquet has no 128-bit integer: DuckDB would write a HUGEINT
			// (what sum() of a BIGINT gives) as a DOUBLE. The warehouse's
			// are counts, far inside BIGINT; a value that is not fails the
			// export rather than change type or lose digits.
			if u := strings.ToUpper(c.Type); u == "HUGEINT" || u == "UHUGEINT" {
				cols[i].Type = "BIGINT"
				sel[i] = "cast(" + ident(c.Name) + " as bigint) as " + ident(c.Name)
			}
		}
		tab := Table{Name: t.qualified(), Path: filepath.ToSlash(rel), Rows: n, Columns: cols}
		query := "select " + strings.Join(sel, ", ") + " from " + ident(t.schema) + "." + ident(t.name) + " order by all"
		var copySQL string
		if n > 0 && partitionable(t) {
			tab.PartitionBy = []string{PartitionColumn}
			copySQL = fmt.Sprintf("copy (%s) to %s (format parquet, partition_by (%s))", query, literal(dir), ident(PartitionColumn))
		} else {
			copySQL = fmt.Sprintf("copy (%s) to %s (format parquet)", query, literal(filepath.Join(dir, "data_0.parquet")))
		}
		if _, err := conn.ExecContext(ctx, copySQL); err != nil {
			return nil, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
		}
		files, err := filesUnder(root, dir)
		if err != nil {
			return nil, err
		}
		tab.Files = files
		out = append(out, tab)
	}
	return out, nil
}

// partitionable reports whether t has an integer year column.
func partitionable(t tableInfo) bool {
	for _, c := range t.cols {
		if c.Name == PartitionColumn {
			switch strings.ToUpper(c.Type) {
			case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
				return true
			}
		}
	}
	return false
}
