package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"cchc"
	"cchc/data"
	"cchc/data/sample"
	"cchc/ingest"
	"cchc/models"
)

const demoUsage = `cchc demo [-o THƯ_MỤC]

Sinh bộ dữ liệu minh họa (cố định, không phải số liệu thật), nạp vào một kho mới, dựng mô hình
và ghi bảng xếp hạng, biểu đồ, bảng điều khiển, báo cáo năm 2023 cùng hồ sơ hai tỉnh (HTML và PDF)
vào THƯ_MỤC (mặc định out/).
Generates the illustrative sample (deterministic, not real figures), loads it into a fresh
warehouse, builds the models and writes rankings, charts, the dashboard, the 2023 report and two
province profiles (HTML and PDF) under DIR (default out/).

Ví dụ / example:
  cchc demo -o out/
`

func runDemo(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "demo", demoUsage)
	outDir := fs.String("o", "out", "thư mục ra / output directory")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	ref, err := data.Load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	dbPath := *dbFlag
	if dbPath == "" {
		dbPath = filepath.Join(*outDir, "demo.duckdb")
	}
	for _, suffix := range []string{"", ".wal"} {
		if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	files, err := sample.Generate(filepath.Join(*outDir, "sample"))
	if err != nil {
		return fmt.Errorf("sinh dữ liệu minh họa / generate sample: %w", err)
	}
	fmt.Fprintf(e.stdout, "1. dữ liệu minh họa / illustrative sample: %d tệp/files in %s\n", len(files), filepath.Join(*outDir, "sample"))

	db, err := cchc.Open(ctx, dbPath, false)
	if err != nil {
		return err
	}
	p := ingest.NewParser(ref)
	fmt.Fprintln(e.stdout, "2. nạp / ingest")
	for _, f := range files {
		opt := ingest.Options{Illustrative: true}
		if f.Format == "wide" {
			opt.Index = f.Index
		}
		res, err := p.Ingest(ctx, db, f.Path, opt)
		if err != nil {
			db.Close()
			return err
		}
		fmt.Fprint(e.stdout, "   ")
		reportIngest(e, res, opt)
	}
	if err := demoTrainingIngest(ctx, e, p, db, filepath.Join(*outDir, "sample")); err != nil {
		db.Close()
		return err
	}
	dossierFiles, err := sample.GenerateDossiers(filepath.Join(*outDir, "sample"))
	if err != nil {
		db.Close()
		return fmt.Errorf("sinh dữ liệu minh họa / generate sample: %w", err)
	}
	for _, f := range dossierFiles {
		opt := ingest.Options{Illustrative: true}
		res, err := p.Ingest(ctx, db, f, opt)
		if err != nil {
			db.Close()
			return err
		}
		fmt.Fprint(e.stdout, "   ")
		reportIngest(e, res, opt)
	}
	if err := ingest.EnsureSchema(ctx, db); err != nil {
		db.Close()
		return err
	}
	rep, err := models.Build(ctx, db, ref)
	if err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(e.stdout, "3. dựng / build: %d mô hình/models, %d kiểm tra đạt/checks passed\n", len(rep.Models), len(rep.Checks))
	db.Close()

	fmt.Fprintln(e.stdout, "4. bảng xếp hạng và biểu đồ / rankings and charts")
	sub := &env{stdin: e.stdin, stdout: e.stdout, stderr: e.stderr, db: dbPath}
	for _, f := range files {
		year := f.Years[len(f.Years)-1]
		base := filepath.Join(*outDir, fmt.Sprintf("%s_%d", f.Index, year))
		var table bytes.Buffer
		tenv := &env{stdin: e.stdin, stdout: &table, stderr: e.stderr, db: dbPath}
		if err := runRank(ctx, tenv, []string{"--index", f.Index, "--year", fmt.Sprint(year)}); err != nil {
			return err
		}
		if err := os.WriteFile(base+"_xep_hang.txt", table.Bytes(), 0o644); err != nil {
			return err
		}
		var csvOut bytes.Buffer
		cenv := &env{stdin: e.stdin, stdout: &csvOut, stderr: e.stderr, db: dbPath}
		if err := runRank(ctx, cenv, []string{"--index", f.Index, "--year", fmt.Sprint(year), "--format", "csv"}); err != nil {
			return err
		}
		if err := os.WriteFile(base+"_xep_hang.csv", csvOut.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "   %s_xep_hang.txt, %s_xep_hang.csv\n", base, base)
		for _, ext := range []string{".png", ".svg"} {
			if err := runChartRank(ctx, sub, []string{"--index", f.Index, "--year", fmt.Sprint(year), "--highlight", "Quảng Ninh,Hà Nội", "-o", base + ext}); err != nil {
				return err
			}
		}
	}
	// the 2025 merger: one index on the 34-unit map, estimated before 2025
	trend := filepath.Join(*outDir, "PCI_xu_huong_34_don_vi.png")
	if err := runChartTrend(ctx, sub, []string{"--index", "PCI", "--provinces", "Phú Thọ,Hải Phòng,Quảng Ninh", "--units", "34", "-o", trend}); err != nil {
		return err
	}
	var t34 bytes.Buffer
	if err := runRank(ctx, &env{stdin: e.stdin, stdout: &t34, stderr: e.stderr, db: dbPath}, []string{"--index", "PCI", "--units", "34"}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*outDir, "PCI_34_don_vi_xep_hang.txt"), t34.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "   %s\n", filepath.Join(*outDir, "PCI_34_don_vi_xep_hang.txt"))
	if err := demoTrainingOutputs(ctx, e, *outDir, dbPath); err != nil {
		return err
	}
	if err := demoDossiers(ctx, e, *outDir, dbPath); err != nil {
		return err
	}
	fmt.Fprint(e.stdout, "5. bảng điều khiển / dashboard: ")
	if err := runDashboard(ctx, sub, []string{"-o", filepath.Join(*outDir, "dashboard")}); err != nil {
		return err
	}
	// the annual report of the last year with every kind of data, and two province profiles
	reports := filepath.Join(*outDir, "bao_cao")
	for _, args := range [][]string{
		{"--year", "2023", "-o", reports},
		{"--year", "2023", "--lang", "en", "-o", reports},
		{"--year", "2023", "--province", "Quảng Ninh", "-o", reports},
		{"--year", "2023", "--province", "Hà Nội", "-o", reports},
	} {
		fmt.Fprint(e.stdout, "6. báo cáo / report: ")
		if err := runReport(ctx, sub, args); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "xong / done: kho / warehouse %s; thử / try: cchc --db %s rank --index PCI --year 2024 --top 10\n", dbPath, dbPath)
	return nil
}
