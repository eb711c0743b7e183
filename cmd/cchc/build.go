package main

import (
	"context"
	"errors"
	"fmt"

	"cchc"
	"cchc/data"
	"cchc/ingest"
	"cchc/models"
)

const buildUsage = `cchc build

Dựng các lớp SQL (staging, core, marts) theo thứ tự phụ thuộc và chạy các kiểm tra;
thoát khác 0 và nêu tên kiểm tra thất bại (khi đó không gì thay đổi).
Build the SQL layers (staging, core, marts) in dependency order and run the checks;
exits non-zero naming the failing check (nothing changes then).

Ví dụ / example:
  cchc build --db kho.duckdb
`

func runBuild(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "build", buildUsage)
	if _, err := parseFlags(fs, args); err != nil {
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
	rep, err := models.Build(ctx, db, ref)
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
	for _, m := range rep.Models {
		if n, ok := rep.Rows[m]; ok {
			fmt.Fprintf(e.stdout, "  %-36s %8d dòng/rows\n", m, n)
		} else {
			fmt.Fprintf(e.stdout, "  %-36s     view\n", m)
		}
	}
	fmt.Fprintf(e.stdout, "đã dựng %d mô hình, %d kiểm tra đạt / built %d models, %d checks passed\n", len(rep.Models), len(rep.Checks), len(rep.Models), len(rep.Checks))
	return nil
}
