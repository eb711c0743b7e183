package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"cchc/data/sample"
	"cchc/ingest"
)

// demoTrainingIngest generates the illustrative training files and loads them.
func demoTrainingIngest(ctx context.Context, e *env, p *ingest.Parser, db *sql.DB, sampleDir string) error {
	files, err := sample.GenerateTraining(sampleDir)
	if err != nil {
		return fmt.Errorf("sinh dữ liệu đào tạo minh họa / generate training sample: %w", err)
	}
	for _, f := range files {
		opt := ingest.Options{Illustrative: true}
		res, err := p.Ingest(ctx, db, f.Path, opt)
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, "   ")
		reportIngest(e, res, opt)
	}
	return nil
}

// demoTrainingOutputs writes the training tables and charts of the demo.
func demoTrainingOutputs(ctx context.Context, e *env, outDir, dbPath string) error {
	sub := &env{stdin: e.stdin, stdout: e.stdout, stderr: e.stderr, db: dbPath}
	tables := []struct {
		name string
		args []string
	}{
		{"dao_tao_2024_theo_tinh.txt", []string{"--year", "2024"}},
		{"dao_tao_2024_theo_tinh_34_don_vi.txt", []string{"--year", "2024", "--units", "34"}},
		{"dao_tao_2024_theo_chu_de.txt", []string{"--year", "2024", "--by", "topic"}},
		{"dao_tao_2023_bac_kan_theo_chu_de.txt", []string{"--year", "2023", "--by", "topic", "--province", "Bắc Kạn"}},
		{"dao_tao_2024_theo_tinh.json", []string{"--year", "2024", "--format", "json"}},
		{"dao_tao_2025_theo_tinh_34_don_vi.txt", []string{"--year", "2025"}},
	}
	for _, t := range tables {
		var buf bytes.Buffer
		if err := runTraining(ctx, &env{stdin: e.stdin, stdout: &buf, stderr: e.stderr, db: dbPath}, t.args); err != nil {
			return err
		}
		path := filepath.Join(outDir, t.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "   %s\n", path)
	}
	var rank bytes.Buffer
	if err := runRank(ctx, &env{stdin: e.stdin, stdout: &rank, stderr: e.stderr, db: dbPath}, []string{"--index", "training_per_100_cs", "--year", "2024"}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "training_per_100_cs_2024_xep_hang.txt"), rank.Bytes(), 0o644); err != nil {
		return err
	}
	if err := runChartTraining(ctx, sub, []string{"--year", "2024", "--by", "month", "-o", filepath.Join(outDir, "dao_tao_2024_theo_thang.png")}); err != nil {
		return err
	}
	if err := runChartTraining(ctx, sub, []string{"--year", "2021", "--province", "Quảng Ninh", "-o", filepath.Join(outDir, "dao_tao_2021_quang_ninh_theo_thang.png")}); err != nil {
		return err
	}
	return runChartRank(ctx, sub, []string{"--index", "training_per_100_cs", "--year", "2024", "--highlight", "Quảng Ninh,Bắc Kạn", "-o", filepath.Join(outDir, "training_per_100_cs_2024.png")})
}
