package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// demoDossiers writes the dossier outputs of the demo: 2023 by province on
// both maps, by level for one province, the on-time ranking and the
// Decision 766 proxy.
func demoDossiers(ctx context.Context, e *env, outDir, dbPath string) error {
	fmt.Fprintln(e.stdout, "5. hồ sơ TTHC / dossiers")
	outputs := []struct {
		file string
		run  func(context.Context, *env, []string) error
		args []string
	}{
		{"ho_so_2023.txt", runDossiers, []string{"--year", "2023"}},
		{"ho_so_2023_34_don_vi.txt", runDossiers, []string{"--year", "2023", "--units", "34"}},
		{"ho_so_2023_Quang_Ninh_theo_cap.txt", runDossiers, []string{"--year", "2023", "--province", "Quảng Ninh", "--by", "level"}},
		{"ho_so_2023_Quang_Ninh_theo_thang.txt", runDossiers, []string{"--year", "2023", "--province", "Quảng Ninh", "--by", "month"}},
		{"ho_so_2023.json", runDossiers, []string{"--year", "2023", "--format", "json"}},
		{"dung_han_2023_xep_hang.txt", runRank, []string{"--index", "dossier_on_time", "--year", "2023"}},
		{"chi_so_phuc_vu_766_uoc_tinh_2023.txt", runDossiers, []string{"--year", "2023", "--service-index"}},
	}
	for _, o := range outputs {
		var b bytes.Buffer
		if err := o.run(ctx, &env{stdin: e.stdin, stdout: &b, stderr: e.stderr, db: dbPath}, o.args); err != nil {
			return err
		}
		path := filepath.Join(outDir, o.file)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "   %s\n", path)
	}
	return nil
}
