package models

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cchc/data"
)

func TestDossierFigureOnAMapNotInForceFailsTheBuild(t *testing.T) {
	db := warehouseWith(t, nil)
	// the 34-unit map did not exist in 2020
	if _, err := db.Exec(`insert into raw.dossier_stats (province_code, unit_set, province_input, year, period_type, period_no, level, field, received_total, _source_file, _source_row, _load_id)
		values ('25', '34', 'Phú Thọ', '2020', 'year', '0', 'all', '', '100', 'f.csv', 2, 1)`); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), db, data.MustLoad())
	var ce *CheckError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "chk_dossier_unit_valid") {
		t.Fatalf("build: %v, want chk_dossier_unit_valid to fail", err)
	}
}
