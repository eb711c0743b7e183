package models

import (
	"cchc"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// HeldOut is one slice a failing check named (index x year of the scores,
// unit x year of the dossier figures), held out of core and the marts so
// that the rest of the warehouse builds.
type HeldOut struct {
	Check        string
	Kind         string // the slice kind: "scores" or "dossiers" (sliceKinds)
	IndexID      string // of a scores slice
	UnitSet      string // of a dossiers slice
	ProvinceCode string // of a dossiers slice
	ClassID      string // of a classes slice
	Year         int
	Rows         int    // rows the check returned for the slice
	FirstRow     string // the first of them, "column=value ..."
	SourceCells  string // the source cells of those rows: "file / sheet / row; ..." (up to 5)
}

// Slice names the slice: "PCI 2019", "hồ sơ/dossiers 63:01 2023", "lớp/class HN-2".
func (h HeldOut) Slice() string {
	switch h.Kind {
	case "dossiers":
		return fmt.Sprintf("hồ sơ/dossiers %s:%s %d", h.UnitSet, h.ProvinceCode, h.Year)
	case "classes":
		return "lớp/class " + h.ClassID
	}
	return fmt.Sprintf("%s %d", h.IndexID, h.Year)
}

func (h HeldOut) String() string {
	return fmt.Sprintf("%s: %s (%d dòng/rows", h.Check, h.Slice(), h.Rows) +
		map[bool]string{true: "", false: ": " + h.FirstRow}[h.FirstRow == ""] + ")"
}

// sliceKind is a kind of slice a failing check can be held out by: a check
// whose rows have every column of cols (and that reads reads, when set)
// names slices of that kind (the first kind that fits). The core model
// that reads ref._held_out leaves them out: fct_index_score the scores
// slices, fct_dossier_period the dossiers slices (statistics and records
// of a unit in a year), fct_training_class the classes (every row of a
// class id, and its roster).
type sliceKind struct {
	name  string
	cols  []string // the slice's columns, in the check's rows
	join  []string // further columns that narrow the source cells, when the check has them
	reads string   // the model the check must read
}

var sliceKinds = []sliceKind{
	{name: "scores", cols: []string{"index_id", "year"}, join: []string{"province_code", "component_code"}},
	{name: "dossiers", cols: []string{"unit_set", "province_code", "year"}},
	{name: "classes", cols: []string{"class_id"}, reads: "core.fct_training_class"},
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

// kindOfCheck is the slice kind a failing check's rows name (nil for none).
func kindOfCheck(m Model, columns []string) *sliceKind {
	for i := range sliceKinds {
		k := &sliceKinds[i]
		if k.reads != "" && !slices.Contains(m.Deps, k.reads) {
			continue
		}
		if !slices.ContainsFunc(k.cols, func(c string) bool { return !slices.Contains(columns, c) }) {
			return k
		}
	}
	return nil
}

// sourceCells is the query of the source cells (up to 5) of a held-out
// slice: check is the failing check as a CTE _c, args the slice's values.
func (k *sliceKind) sourceCells(check string, columns []string) string {
	if k.name == "classes" {
		return `select string_agg(cell, '; ' order by cell) from (
			select distinct regexp_replace(s.source_file, '^.*[/\\]', '') || ' / ' || coalesce(s.source_sheet, '') || ' / ' || s.source_row as cell
			from staging.stg_training_classes as s where s.class_id = $1 order by cell limit 5)`
	}
	if k.name == "dossiers" {
		return `select string_agg(cell, '; ' order by cell) from (select distinct cell from (
			select regexp_replace(s.source_file, '^.*[/\\]', '') || ' / ' || s.source_row as cell
			from staging.stg_dossier_stats as s where s.unit_set = $1 and s.province_code = $2 and s.year = $3
			union all
			select l.file_name || ' / ' || r.source_row
			from staging.stg_dossier_records as r join raw._loads as l on l.load_id = r.load_id
			where r.unit_set = $1 and r.province_code = $2 and year(r.received_date) = $3
		) order by cell limit 5)`
	}
	on := []string{"s.index_id = _c.index_id", "s.year = _c.year"}
	for _, c := range k.join {
		if slices.Contains(columns, c) {
			on = append(on, "s."+c+" = _c."+c)
		}
	}
	return check + `select string_agg(cell, '; ' order by cell) from (
		select distinct regexp_replace(s.source_file, '^.*[/\\]', '') || ' / ' || coalesce(s.source_sheet, '') || ' / ' || s.source_row as cell
		from _c join staging.stg_index_scores as s on ` + strings.Join(on, " and ") + `
		where _c.index_id = $1 and _c.year = $2 order by cell limit 5)`
}

// isolate finds, for every failing check, the slices its rows name (of
// the kind its columns say) and the source cells of those rows (read from
// staging, on the build's open transaction). ok is false when a failing
// check names no kind of slice: then nothing can be isolated.
func isolate(ctx context.Context, conn *sql.Conn, byName map[string]Model, failures []CheckFailure) (held []HeldOut, ok bool, err error) {
	for _, f := range failures {
		m := byName["checks."+f.Check]
		k := kindOfCheck(m, f.Columns)
		if k == nil {
			return nil, false, nil
		}
		check := "with _c as (\n" + strings.TrimRight(strings.TrimSpace(m.SQL), ";") + "\n)\n"
		var casts []string
		for _, c := range k.cols {
			casts = append(casts, "cast("+c+" as varchar)")
		}
		rows, err := conn.QueryContext(ctx, check+`select `+strings.Join(casts, ", ")+`, count(*) from _c group by all order by all`)
		if err != nil {
			return nil, false, fmt.Errorf("check %s: %w", f.Check, err)
		}
		var mine []HeldOut
		for rows.Next() {
			vals := make([]sql.NullString, len(k.cols))
			dest := make([]any, 0, len(k.cols)+1)
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			h := HeldOut{Check: f.Check, Kind: k.name}
			if err := rows.Scan(append(dest, &h.Rows)...); err != nil {
				rows.Close()
				return nil, false, err
			}
			for i, c := range k.cols {
				if f := h.field(c); f != nil {
					*f = vals[i].String
				} else {
					fmt.Sscan(vals[i].String, &h.Year)
				}
			}
			mine = append(mine, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
		for i := range mine {
			h := &mine[i]
			want := h.values(k)
			for _, s := range f.Sample {
				match := true
				for ci, c := range k.cols {
					if j := slices.Index(f.Columns, c); s[j] != want[ci] {
						match = false
					}
				}
				if match {
					var kv []string
					for j, c := range f.Columns {
						kv = append(kv, c+"="+s[j])
					}
					h.FirstRow = strings.Join(kv, " ")
					break
				}
			}
			var args []any // the slice's values, the year as a number
			for _, c := range k.cols {
				if f := h.field(c); f != nil {
					args = append(args, *f)
				} else {
					args = append(args, h.Year)
				}
			}
			var cells sql.NullString
			if err := conn.QueryRowContext(ctx, k.sourceCells(check, f.Columns), args...).Scan(&cells); err != nil {
				return nil, false, fmt.Errorf("check %s: source cells: %w", f.Check, err)
			}
			h.SourceCells = cells.String
		}
		held = append(held, mine...)
	}
	return held, len(held) > 0, nil
}

// field is the text field of h that holds the slice column c (nil for the
// year, a number): the one place a slice's columns meet HeldOut's fields.
func (h *HeldOut) field(c string) *string {
	switch c {
	case "index_id":
		return &h.IndexID
	case "unit_set":
		return &h.UnitSet
	case "province_code":
		return &h.ProvinceCode
	case "class_id":
		return &h.ClassID
	case "year":
		return nil
	}
	panic("models: slice column " + c + " has no field in HeldOut")
}

// values are the slice's values in the order of k.cols, as the check's
// sample rows print them.
func (h HeldOut) values(k *sliceKind) []string {
	out := make([]string, len(k.cols))
	for i, c := range k.cols {
		if f := h.field(c); f != nil {
			out[i] = *f
		} else {
			out[i] = fmt.Sprint(h.Year)
		}
	}
	return out
}

// writeHeldOut writes ref._held_out, what core leaves out of this build,
// and returns its fingerprint.
func writeHeldOut(ctx context.Context, conn *sql.Conn, held []HeldOut) (string, error) {
	if _, err := conn.ExecContext(ctx, `create or replace table ref._held_out (check_name varchar, slice_kind varchar, index_id varchar,
		unit_set varchar, province_code varchar, class_id varchar, year integer, rows bigint, first_row varchar, source_cells varchar)`); err != nil {
		return "", err
	}
	var parts []string
	for _, h := range held {
		year := any(h.Year)
		if h.Kind == "classes" {
			year = nil
		}
		if _, err := conn.ExecContext(ctx, `insert into ref._held_out values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, h.Check, h.Kind, optText(h.IndexID),
			optText(h.UnitSet), optText(h.ProvinceCode), optText(h.ClassID), year, h.Rows, h.FirstRow, h.SourceCells); err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprint(h))
	}
	return cchc.Fingerprint("held_out", strings.Join(parts, "\n")), nil
}

func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// buildIsolating runs a build; when checks fail on slices (sliceKinds) and
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
