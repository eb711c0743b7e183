package models

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cchc/data"
)

// A dossier figure on a map not in force that year fails
// chk_dossier_unit_valid: with --strict nothing builds; without, that unit
// and year is held out of core and the marts, listed with its source
// cells, and the other units' figures build.
func TestDossierFigureOnAMapNotInForceIsHeldOut(t *testing.T) {
	db := warehouseWith(t, [][]string{{"01", "2019", "PCI", "TOTAL", "68.8", "1"}})
	// the 34-unit map did not exist in 2020; Hà Nội's 2020 figure is fine
	if _, err := db.Exec(`insert into raw.dossier_stats (province_code, unit_set, province_input, year, period_type, period_no, level, field, received_total, _source_file, _source_row, _load_id)
		values ('25', '34', 'Phú Thọ', '2020', 'year', '0', 'all', '', '100', '/data/f.csv', 2, 1),
		       ('01', '63', 'Hà Nội', '2020', 'year', '0', 'all', '', '900', '/data/f.csv', 3, 1)`); err != nil {
		t.Fatal(err)
	}
	_, err := BuildWith(context.Background(), db, data.MustLoad(), Options{Strict: true})
	var ce *CheckError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "chk_dossier_unit_valid") {
		t.Fatalf("strict build: %v, want chk_dossier_unit_valid to fail", err)
	}
	_, err = Build(context.Background(), db, data.MustLoad())
	var ie *IsolatedError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "chk_dossier_unit_valid: hồ sơ/dossiers 34:25 2020") {
		t.Fatalf("build: %v, want the 34:25 2020 dossier slice held out", err)
	}
	var got string
	if err := db.QueryRow(`select string_agg(concat_ws('|', check_name, slice_kind, unit_set, province_code, year, rows, source_cells), ';') from marts.mart_check_failures`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "chk_dossier_unit_valid|dossiers|34|25|2020|1|f.csv / 2"; got != want {
		t.Errorf("mart_check_failures = %s\nwant %s", got, want)
	}
	if err := db.QueryRow(`select string_agg(unit_set || ':' || province_code || ' ' || year || ' ' || received, ',' order by unit_set, province_code) from core.fct_dossier_period`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "63:01 2020 900" {
		t.Errorf("dossier figures built = %s, want Hà Nội's only", got)
	}
	var ranked int
	if err := db.QueryRow(`select count(*) from marts.mart_index_rankings where index_id = 'PCI' and year = 2019`).Scan(&ranked); err != nil || ranked == 0 {
		t.Errorf("PCI 2019 rankings: %d rows (%v), want them built", ranked, err)
	}
}
