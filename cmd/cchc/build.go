package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"cchc"
	"cchc/data"
	"cchc/ingest"
	"cchc/models"
	"cchc/queries"
)

const buildUsage = `cchc build [--full] [--strict] [--verbose] [--format table|json]

Dựng các lớp SQL (staging, core, marts) theo thứ tự phụ thuộc và chạy các kiểm tra. Kiểm tra
thất bại trên một phần dữ liệu (chỉ số x năm) thì phần đó bị tách khỏi core và các bảng tổng hợp,
liệt kê trong marts.mart_check_failures (kiểm tra, số dòng, ô nguồn), phần còn lại vẫn dựng và
dùng được; lệnh thoát khác 0 và nêu tên chúng. --strict: kiểm tra thất bại thì không gì thay đổi.
Chỉ dựng lại những gì các lần nạp từ lần dựng trước đã chạm tới; --full dựng lại tất cả.
Build the SQL layers (staging, core, marts) in dependency order and run the checks. A check
that fails on a slice (index x year) holds that slice out of core and the marts, lists it in
marts.mart_check_failures (check, rows, source cells), and builds the rest, which stays usable;
the command exits non-zero naming them. --strict: a failing check changes nothing. Only what
the loads since the last build touched is rebuilt; --full rebuilds everything (same result).

Ví dụ / example:
  cchc build --db kho.duckdb
  cchc build --strict
  cchc build --verbose
  cchc build --full
`

func runBuild(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "build", buildUsage)
	full := fs.Bool("full", false, "dựng lại mọi mô hình / rebuild every model")
	verbose := fs.Bool("verbose", false, "in thời gian của từng mô hình / print each model's time")
	strict := fs.Bool("strict", false, "kiểm tra thất bại thì không dựng gì (mặc định: tách riêng phần dữ liệu lỗi, dựng phần còn lại) / a failing check builds nothing (default: hold out the failing slices, build the rest)")
	format := fs.String("format", "table", "định dạng / output format: table, json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkTableOrJSON(*format); err != nil {
		return err
	}
	ref, err := data.Load()
	if err != nil {
		return err
	}
	db, err := cchc.Open(ctx, e.dbPath(*dbFlag), false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := ingest.EnsureSchema(ctx, db); err != nil {
		return err
	}
	bar := e.progress("build", *format == "json")
	rep, err := models.BuildWith(ctx, db, ref, models.Options{Full: *full, Strict: *strict, Progress: bar.models})
	bar.finish()
	var isolated *models.IsolatedError
	if errors.As(err, &isolated) {
		err = nil // built without the held-out slices: report, then fail naming them
	}
	var ce *models.CheckError
	if errors.As(err, &ce) {
		for _, f := range ce.Failures {
			fmt.Fprintf(e.stdout, "  ✗ %s: %d dòng/rows\n", f.Check, f.Rows)
			for _, s := range f.Sample {
				fmt.Fprintf(e.stdout, "      %v\n", s)
			}
		}
		return err
	}
	if err != nil {
		return err
	}
	conflicts, err := queries.New(db).SourceConflicts(ctx)
	if err != nil {
		return err
	}
	if *format == "json" {
		if err := writeBuildJSON(e, rep, conflicts, isolated); err != nil {
			return err
		}
		if isolated != nil {
			return isolated
		}
		return nil
	}
	kept := 0
	for _, r := range rep.Runs {
		if r.Action == models.ActionKept && !r.Check {
			kept++
		}
		if r.Check && !*verbose {
			continue // checks are listed with --verbose
		}
		rows := "    view          "
		switch {
		case r.Check:
			rows = "   check          "
		case !r.View:
			rows = fmt.Sprintf("%8d dòng/rows", r.Rows)
		}
		line := fmt.Sprintf("  %-40s %s  %s", r.ID, rows, actionLabel(r))
		if *verbose {
			line = fmt.Sprintf("  %-40s %s  %9.1f ms  %s", r.ID, rows, float64(r.Duration.Microseconds())/1000, actionLabel(r))
		}
		fmt.Fprintln(e.stdout, line)
	}
	heldVI, heldEN := "", ""
	if isolated != nil {
		heldVI = fmt.Sprintf(" sau khi tách %d phần dữ liệu", len(isolated.Held))
		heldEN = fmt.Sprintf(" after holding out %d slices", len(isolated.Held))
	}
	fmt.Fprintf(e.stdout, "đã dựng %d mô hình, %d kiểm tra đạt%s (dựng lại %d, giữ nguyên %d) / built %d models, %d checks passed%s (%d rebuilt, %d kept)\n",
		len(rep.Models), len(rep.Checks), heldVI, rep.Rebuilt(), kept, len(rep.Models), len(rep.Checks), heldEN, rep.Rebuilt(), kept)
	if conflicts.Total > 0 {
		fmt.Fprintln(e.stdout, conflictLine(conflicts))
	}
	if *verbose {
		fmt.Fprintf(e.stdout, "thời gian / time: %.2f s\n", rep.Duration.Seconds())
	}
	if isolated != nil {
		for _, h := range isolated.Held {
			fmt.Fprintf(e.stdout, "  ✗ %s: %s tách khỏi các bảng tổng hợp / held out of the marts: %d dòng/rows; %s; ô nguồn / source cells: %s\n",
				h.Check, h.Slice(), h.Rows, h.FirstRow, h.SourceCells)
		}
		return isolated
	}
	return nil
}

// actionLabel says what the build did with a model, "vi / en".
func actionLabel(r models.ModelRun) string {
	switch r.Action {
	case models.ActionFull:
		return "dựng lại / rebuilt"
	case models.ActionSlices:
		return fmt.Sprintf("dựng lại %d phần / %d slices rebuilt", r.Slices, r.Slices)
	case models.ActionRun:
		return "đã chạy / run"
	}
	return "giữ nguyên / kept"
}

// conflictLine names the disagreements between sources the marts list.
func conflictLine(c queries.Conflicts) string {
	return fmt.Sprintf("! %d chỗ hai nguồn khác nhau (điểm số: quá mức làm tròn; %d do --prefer chọn, còn lại giữ lần nạp sau): marts.mart_source_conflicts / %d disagreements between sources (scores: beyond rounding; %d settled by --prefer, the others keep the later load): marts.mart_source_conflicts",
		c.Total, c.Preferred, c.Total, c.Preferred)
}

func writeBuildJSON(e *env, rep *models.Report, conflicts queries.Conflicts, isolated *models.IsolatedError) error {
	type held struct {
		Check        string `json:"check"`
		Kind         string `json:"slice_kind"`
		IndexID      string `json:"index_id,omitempty"`
		UnitSet      string `json:"unit_set,omitempty"`
		ProvinceCode string `json:"province_code,omitempty"`
		ClassID      string `json:"class_id,omitempty"`
		Year         int    `json:"year,omitempty"`
		Rows         int    `json:"rows"`
		FirstRow     string `json:"first_row"`
		SourceCells  string `json:"source_cells"`
	}
	type run struct {
		Model        string  `json:"model"`
		Action       string  `json:"action"`
		Slices       int     `json:"slices,omitempty"`
		Rows         *int64  `json:"rows,omitempty"`
		Milliseconds float64 `json:"milliseconds"`
	}
	out := struct {
		Full         bool    `json:"full"`
		Models       int     `json:"models"`
		Checks       int     `json:"checks"`
		Rebuilt      int     `json:"rebuilt"`
		Milliseconds float64 `json:"milliseconds"`
		Conflicts    int64   `json:"source_conflicts"`
		HeldOut      []held  `json:"held_out"`
		Runs         []run   `json:"runs"`
	}{Conflicts: conflicts.Total, Full: rep.Full, Models: len(rep.Models), Checks: len(rep.Checks), Rebuilt: rep.Rebuilt(), Milliseconds: float64(rep.Duration.Microseconds()) / 1000}
	out.HeldOut = []held{}
	if isolated != nil {
		for _, h := range isolated.Held {
			out.HeldOut = append(out.HeldOut, held{h.Check, h.Kind, h.IndexID, h.UnitSet, h.ProvinceCode, h.ClassID, h.Year, h.Rows, h.FirstRow, h.SourceCells})
		}
	}
	for _, r := range rep.Runs {
		x := run{Model: r.ID, Action: r.Action, Slices: r.Slices, Milliseconds: float64(r.Duration.Microseconds()) / 1000}
		if r.Rows >= 0 {
			n := r.Rows
			x.Rows = &n
		}
		out.Runs = append(out.Runs, x)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
