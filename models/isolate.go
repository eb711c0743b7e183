package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// HeldOut is one slice (index x year) a failing check named, held out of
// core and the marts so that the rest of the warehouse builds.
type HeldOut struct {
	Check       string
	IndexID     string
	Year        int
	Rows        int    // rows the check returned for the slice
	FirstRow    string // the first of them, "column=value ..."
	SourceCells string // the source cells of those rows: "file / sheet / row; ..." (up to 5)
}

func (h HeldOut) String() string {
	return fmt.Sprintf("%s: %s %d (%d dòng/rows", h.Check, h.IndexID, h.Year, h.Rows) +
		map[bool]string{true: "", false: ": " + h.FirstRow}[h.FirstRow == ""] + ")"
}

// IsolatedError is returned by BuildWith when checks failed on slices that
// could be held out: the build is committed without them (they are listed
// in marts.mart_check_failures), and the error names them.
type IsolatedError struct{ Held []HeldOut }

func (e *IsolatedError) Error() string {
	var parts []string
	for _, h := range e.Held {
		parts = append(parts, h.String())
	}
	return fmt.Sprintf("kiểm tra thất bại, %d phần dữ liệu bị tách khỏi các bảng tổng hợp (phần còn lại đã dựng; marts.mart_check_failures; --strict để không dựng gì) / checks failed, %d slices held out of the marts (the rest is built; marts.mart_check_failures; --strict to build nothing): %s",
		len(e.Held), len(e.Held), strings.Join(parts, "; "))
}

// heldOutColumns are the columns a check's rows must have for its failure
// to be held out by slice.
var heldOutColumns = []string{"index_id", "year"}

// isolate finds, for every failing check, the index x year slices its rows
// name and the source cells of those rows (read from staging, on the
// build's open transaction). ok is false when a failing check names no
// such slice: then nothing can be isolated.
func isolate(ctx context.Context, conn *sql.Conn, byName map[string]Model, failures []CheckFailure) (held []HeldOut, ok bool, err error) {
	for _, f := range failures {
		for _, c := range heldOutColumns {
			if !slices.Contains(f.Columns, c) {
				return nil, false, nil
			}
		}
		m := byName["checks."+f.Check]
		check := "with _c as (\n" + strings.TrimRight(strings.TrimSpace(m.SQL), ";") + "\n)\n"
		rows, err := conn.QueryContext(ctx, check+`select cast(index_id as varchar), cast(year as integer), count(*) from _c group by all order by all`)
		if err != nil {
			return nil, false, fmt.Errorf("check %s: %w", f.Check, err)
		}
		var mine []HeldOut
		for rows.Next() {
			h := HeldOut{Check: f.Check}
			if err := rows.Scan(&h.IndexID, &h.Year, &h.Rows); err != nil {
				rows.Close()
				return nil, false, err
			}
			mine = append(mine, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
		on := []string{"s.index_id = _c.index_id", "s.year = _c.year"}
		for _, c := range []string{"province_code", "component_code"} {
			if slices.Contains(f.Columns, c) {
				on = append(on, "s."+c+" = _c."+c)
			}
		}
		ix, iy := slices.Index(f.Columns, "index_id"), slices.Index(f.Columns, "year")
		for i := range mine {
			h := &mine[i]
			for _, s := range f.Sample {
				if s[ix] == h.IndexID && s[iy] == fmt.Sprint(h.Year) {
					var kv []string
					for j, c := range f.Columns {
						kv = append(kv, c+"="+s[j])
					}
					h.FirstRow = strings.Join(kv, " ")
					break
				}
			}
			var cells sql.NullString
			if err := conn.QueryRowContext(ctx, check+`select string_agg(cell, '; ' order by cell) from (
				select distinct regexp_replace(s.source_file, '^.*[/\\]', '') || ' / ' || coalesce(s.source_sheet, '') || ' / ' || s.source_row as cell
				from _c join staging.stg_index_scores as s on `+strings.Join(on, " and ")+`
				where _c.index_id = ? and _c.year = ? order by cell limit 5)`, h.IndexID, h.Year).Scan(&cells); err != nil {
				return nil, false, fmt.Errorf("check %s: source cells: %w", f.Check, err)
			}
			h.SourceCells = cells.String
		}
		held = append(held, mine...)
	}
	return held, len(held) > 0, nil
}

// writeHeldOut writes ref._held_out, what core leaves out of this build,
// and returns its fingerprint.
func writeHeldOut(ctx context.Context, conn *sql.Conn, held []HeldOut) (string, error) {
	if _, err := conn.ExecContext(ctx, `create or replace table ref._held_out (check_name varchar, index_id varchar, year integer,
		rows bigint, first_row varchar, source_cells varchar)`); err != nil {
		return "", err
	}
	var parts []string
	for _, h := range held {
		if _, err := conn.ExecContext(ctx, `insert into ref._held_out values (?, ?, ?, ?, ?, ?)`, h.Check, h.IndexID, h.Year, h.Rows, h.FirstRow, h.SourceCells); err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprint(h))
	}
	return hashOf("held_out", strings.Join(parts, "\n")), nil
}

// buildIsolating runs a build; when checks fail on index x year slices and
// opt.Strict is not set, it builds again with those slices held out (up to
// three more times, as holding some out may show others), commits, and
// returns the report with an *IsolatedError.
func buildIsolating(ctx context.Context, db *sql.DB, ref Reference, opt Options) (*Report, error) {
	rep, err := buildOnce(ctx, db, ref, opt, nil)
	var ce *CheckError
	if opt.Strict || !errors.As(err, &ce) || ce.held == nil {
		return rep, err
	}
	held := ce.held
	for range 3 {
		rep, err = buildOnce(ctx, db, ref, opt, held)
		if err == nil {
			return rep, &IsolatedError{Held: held}
		}
		if !errors.As(err, &ce) || ce.held == nil {
			return rep, err
		}
		held = append(held, ce.held...)
	}
	return rep, err
}
