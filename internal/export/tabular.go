package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"cchc"
)

// selectFor reads a table in a stable order, with DECIMAL and nested
// columns as text and double so that every value scans as a plain Go value.
func selectFor(t tableInfo) string {
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		ty := strings.ToUpper(c.Type)
		switch {
		case strings.HasPrefix(ty, "DECIMAL"):
			cols[i] = "cast(" + ident(c.Name) + " as double) as " + ident(c.Name)
		case strings.Contains(ty, "[") || strings.HasPrefix(ty, "STRUCT") || strings.HasPrefix(ty, "MAP") || strings.HasPrefix(ty, "UNION"):
			cols[i] = "cast(" + ident(c.Name) + " as varchar) as " + ident(c.Name)
		default:
			cols[i] = ident(c.Name)
		}
	}
	return "select " + strings.Join(cols, ", ") + " from " + ident(t.schema) + "." + ident(t.name) + " order by all"
}

// eachRow runs f on every row of t, as scanned values.
func eachRow(ctx context.Context, conn *sql.Conn, t tableInfo, f func([]any) error) (int64, error) {
	rows, err := conn.QueryContext(ctx, selectFor(t))
	if err != nil {
		return 0, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
	}
	defer rows.Close()
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
		}
		if err := f(vals); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
	}
	return n, nil
}

// text writes a scanned value as a CSV cell: dates as 2006-01-02,
// timestamps as RFC 3339, numbers in Go's shortest form, NULL as empty.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// cell writes a scanned value for a workbook: numbers and booleans as
// they are, dates and timestamps as text (as the CSV has them).
func cell(v any) any {
	switch x := v.(type) {
	case time.Time, []byte:
		return text(x)
	}
	return v
}

// writeCSV writes each table as root/<schema>/<table>.csv with a header of
// column names, every text cell through cchc's neutralising writer.
func writeCSV(ctx context.Context, conn *sql.Conn, root string, tables []tableInfo) ([]Table, error) {
	var out []Table
	for _, t := range tables {
		rel := filepath.Join(t.schema, t.name+".csv")
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		w := cchc.NewCSVWriter(f)
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.Name
		}
		err = w.Write(header)
		record := make([]string, len(t.cols))
		var n int64
		if err == nil {
			n, err = eachRow(ctx, conn, t, func(vals []any) error {
				for i, v := range vals {
					record[i] = text(v)
				}
				return w.Write(record)
			})
		}
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
		}
		fe, err := fileEntry(root, path)
		if err != nil {
			return nil, err
		}
		out = append(out, Table{Name: t.qualified(), Path: filepath.ToSlash(rel), Rows: n, Columns: t.cols, Files: []File{fe}})
	}
	return out, nil
}

// columnsSheet is the sheet of a workbook that lists every table's columns
// with the header each was given.
const columnsSheet = "_cot_columns"

// writeXLSX writes the tables of one schema as root/<schema>.xlsx, one
// sheet per table with Vietnamese headers (Header), and a last sheet
// listing each table's columns, their types and the headers given.
func writeXLSX(ctx context.Context, conn *sql.Conn, root, schema string, tables []tableInfo) ([]Table, error) {
	if len(tables) == 0 {
		return nil, nil
	}
	rel := schema + ".xlsx"
	x := cchc.NewXLSXWriter()
	var out []Table
	used := map[string]bool{columnsSheet: true}
	for _, t := range tables {
		n, err := countRows(ctx, conn, t)
		if err != nil {
			return nil, err
		}
		if n > MaxXLSXRows {
			return nil, fmt.Errorf("xuất / export %s: %d dòng, quá %d dòng của một trang Excel; hãy dùng --format csv hoặc parquet / %d rows, more than the %d rows of an Excel sheet; use --format csv or parquet",
				t.qualified(), n, MaxXLSXRows, n, MaxXLSXRows)
		}
		sheet := sheetName(t.name, used)
		cols := make([]Column, len(t.cols))
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			cols[i] = c
			cols[i].Header = Header(c.Name)
			header[i] = cols[i].Header
		}
		if err := x.AddSheet(sheet, header); err != nil {
			return nil, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
		}
		row := make([]any, len(t.cols))
		n, err = eachRow(ctx, conn, t, func(vals []any) error {
			for i, v := range vals {
				row[i] = cell(v)
			}
			return x.Write(row)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, Table{Name: t.qualified(), Path: rel, Sheet: sheet, Rows: n, Columns: cols})
	}
	if err := x.AddSheet(columnsSheet, []string{"Bảng (table)", "Trang (sheet)", "Cột (column)", "Tiêu đề (header)", "Kiểu (type)"}); err != nil {
		return nil, err
	}
	for _, t := range out {
		for _, c := range t.Columns {
			if err := x.Write([]any{t.Name, t.Sheet, c.Name, c.Header, c.Type}); err != nil {
				return nil, err
			}
		}
	}
	path := filepath.Join(root, rel)
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	_, err = x.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", rel, err)
	}
	fe, err := fileEntry(root, path)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Files = []File{fe}
	}
	return out, nil
}

// sheetName is the table's name cut to Excel's 31 characters, made unique
// in the workbook.
func sheetName(name string, used map[string]bool) string {
	base := name
	if r := []rune(base); len(r) > 31 {
		base = string(r[:31])
	}
	s := base
	for i := 2; used[strings.ToLower(s)]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		s = string(r) + suffix
	}
	used[strings.ToLower(s)] = true
	return s
}
