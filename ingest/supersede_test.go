package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes a workbook of the given sheets (in order), each a grid of cells.
func writeXLSX(t testing.TB, name string, sheets []string, grids map[string][][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh); err != nil {
			t.Fatal(err)
		}
		for r, row := range grids[sh] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

const inForceScores = `select string_agg(province_code || '=' || score || '@' || _load_id, ',' order by province_code)
	from raw.index_scores where _superseded_by is null`

// TestQuarterlyClassFilesAddUpAndACorrectedClassReplacesIt: two quarters'
// files for one province and year both count; a corrected file restating
// one class replaces that class and nothing else.
func TestQuarterlyClassFilesAddUpAndACorrectedClassReplacesIt(t *testing.T) {
	db := newWarehouse(t)
	header := []any{"Mã lớp", "Tỉnh", "Ngày bắt đầu", "Số học viên"}
	q1 := writeXLSX(t, "lop_ha_noi_q1_2023.xlsx", []string{"Q1"}, map[string][][]any{"Q1": {header,
		{"HN-1", "Hà Nội", "10/01/2023", 40}, {"HN-2", "Hà Nội", "15/02/2023", 25}}})
	q2 := writeXLSX(t, "lop_ha_noi_q2_2023.xlsx", []string{"Q2"}, map[string][][]any{"Q2": {header,
		{"HN-3", "Hà Nội", "04/05/2023", 60}}})
	for _, f := range []string{q1, q2} {
		res, err := ingestFile(t, db, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Superseded != 0 {
			t.Errorf("%s superseded %d rows, want 0 (another quarter)", filepath.Base(f), res.Superseded)
		}
	}
	classes := `select string_agg(class_id || '=' || trainees, ',' order by class_id) from raw.training_classes where _superseded_by is null`
	if got := queryString(t, db, classes); got != "HN-1=40,HN-2=25,HN-3=60" {
		t.Errorf("after two quarters: %s", got)
	}
	fix := writeXLSX(t, "lop_ha_noi_q1_2023_sua.xlsx", []string{"Q1"}, map[string][][]any{"Q1": {header,
		{"HN-2", "Hà Nội", "15/02/2023", 28}}})
	res, err := ingestFile(t, db, fix, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, classes); got != "HN-1=40,HN-2=28,HN-3=60" || res.Superseded != 1 {
		t.Errorf("after the correction: %s (superseded %d, want 1)", got, res.Superseded)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "superseded 1 rows loaded before for the same keys, from lop_ha_noi_q1_2023.xlsx") {
		t.Errorf("notes = %v", res.Notes)
	}
	// the correction disagrees with the first file on one value: counted,
	// said, and listed with what differs, both files and rows
	if res.Conflicts != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "1 rows differ from the rows loaded before for the same keys: 1 keep this (the later) load's, 0 the earlier") {
		t.Errorf("conflicts %d, notes %v; want 1 listed", res.Conflicts, res.Notes)
	}
	got := queryString(t, db, `select string_agg(concat_ws(' | ', table_name, row_key, difference, kept_file, kept_row, other_file, other_row), ';') from raw._row_conflicts`)
	if want := "training_classes | unit_set=63 province_code=01 province_source=01 class_id=HN-2 | trainees: 25 → 28 | " + fix + " | 2 | " + q1 + " | 3"; got != want {
		t.Errorf("raw._row_conflicts:\n got %s\nwant %s", got, want)
	}
	// a copy of the second quarter with a different file name states the
	// same values: it supersedes, and disagrees with nothing
	again := writeXLSX(t, "lop_ha_noi_q2_2023_ban_sao.xlsx", []string{"Q2"}, map[string][][]any{"Q2": {header,
		{"HN-3", "Hà Nội", "04/05/2023", "60"}}})
	res, err = ingestFile(t, db, again, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Superseded != 1 || res.Conflicts != 0 {
		t.Errorf("an equal restatement: superseded %d, conflicts %d; want 1, 0", res.Superseded, res.Conflicts)
	}
	if got := queryString(t, db, `select count(*) from raw._row_conflicts`); got != "1" {
		t.Errorf("row conflicts after an equal restatement: %s, want the 1 correction", got)
	}
}

// TestUnloadRestoresWhatALoadSuperseded: taking the last load out brings
// back what it superseded; taking a middle one out leaves the later load
// in force and hands it what the middle one had superseded.
func TestUnloadRestoresWhatALoadSuperseded(t *testing.T) {
	ctx := context.Background()
	db := newWarehouse(t)
	for _, f := range []struct{ name, body string }{
		{"a.csv", "province,year,index,score\nHà Nội,2019,PCI,60\nĐà Nẵng,2019,PCI,70\n"},
		{"b.csv", "province,year,index,score\nHà Nội,2019,PCI,61\nHải Phòng,2019,PCI,65\n"},
		{"c.csv", "province,year,index,score\nHà Nội,2019,PCI,62\n"},
	} {
		if _, err := ingestFile(t, db, writeFile(t, f.name, f.body), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := queryString(t, db, inForceScores); got != "01=62@3,31=65@2,48=70@1" {
		t.Fatalf("in force = %s", got)
	}
	u, err := Unload(ctx, db, 2) // the middle load
	if err != nil {
		t.Fatal(err)
	}
	if u.Removed != 2 || u.Restored != 0 {
		t.Errorf("unload 2 = %+v, want 2 removed, 0 restored (c still states Hà Nội)", u)
	}
	if got := queryString(t, db, inForceScores); got != "01=62@3,48=70@1" {
		t.Errorf("after unloading b: %s", got)
	}
	if got := queryString(t, db, `select _superseded_by from raw.index_scores where _load_id = 1 and province_code = '01'`); got != "3" {
		t.Errorf("a's Hà Nội superseded by %s, want 3", got)
	}
	u, err = Unload(ctx, db, 3)
	if err != nil {
		t.Fatal(err)
	}
	if u.Removed != 1 || u.Restored != 1 {
		t.Errorf("unload 3 = %+v, want 1 removed, 1 restored", u)
	}
	if got := queryString(t, db, inForceScores); got != "01=60@1,48=70@1" {
		t.Errorf("after unloading c: %s, want a's values back", got)
	}
	if _, err := Unload(ctx, db, 3); !errors.Is(err, ErrNoLoad) {
		t.Errorf("unloading twice: %v, want ErrNoLoad", err)
	}
	loads, err := Loads(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range loads {
		got = append(got, l.Status)
	}
	if strings.Join(got, ",") != "loaded,unloaded,unloaded" || loads[0].InForce != 2 || loads[0].Superseded != 0 {
		t.Errorf("ledger = %v, first %+v", got, loads[0])
	}
	// an unloaded file may be loaded again
	res, err := ingestFile(t, db, writeFile(t, "c.csv", "province,year,index,score\nHà Nội,2019,PCI,62\n"), Options{})
	if err != nil || res.Skipped {
		t.Errorf("reloading an unloaded file: %+v %v", res, err)
	}
}

// TestACoarserCopyIsQuiet: a file publishing the same scores to 2 decimals
// as another to many agrees with it; in either order the precise values
// stay in force, and no conflict is counted.
func TestACoarserCopyIsQuiet(t *testing.T) {
	precise := "province,year,index,score\nHà Nội,2019,PCI,65.126844\nĐà Nẵng,2019,PCI,70.004999\n"
	coarse := writeXLSX(t, "pci_2019_ban_sao.xlsx", []string{"PCI 2019"}, map[string][][]any{"PCI 2019": {
		{"Tỉnh", "Năm", "Chỉ số", "Điểm"}, {"Hà Nội", 2019, "PCI", "65.13"}, {"Đà Nẵng", 2019, "PCI", "70.00"}}})
	for _, order := range []string{"precise first", "coarse first"} {
		t.Run(order, func(t *testing.T) {
			db := newWarehouse(t)
			files := []string{writeFile(t, "pci_2019.csv", precise), coarse}
			if order == "coarse first" {
				files[0], files[1] = files[1], files[0]
			}
			var last *Result
			for _, f := range files {
				res, err := ingestFile(t, db, f, Options{})
				if err != nil {
					t.Fatal(err)
				}
				last = res
			}
			if got := queryString(t, db, `select string_agg(province_code || '=' || score, ',' order by province_code) from raw.index_scores where _superseded_by is null`); got != "01=65.126844,48=70.004999" {
				t.Errorf("in force = %s, want the precise values", got)
			}
			if last.Conflicts != 0 || queryString(t, db, `select count(*) from raw._score_conflicts`) != "0" {
				t.Errorf("conflicts %d, want none: %v", last.Conflicts, last.Notes)
			}
			if order == "precise first" && !strings.Contains(strings.Join(last.Notes, "\n"), "2 values equal, within their rounding, more precise values loaded before: the more precise are kept") {
				t.Errorf("notes = %v", last.Notes)
			}
		})
	}
}

// TestARealConflictIsListed: two files that disagree beyond rounding keep
// the later value, the load says how many, and raw._score_conflicts lists
// the key with both values, files, sheets and rows; --prefer FILE keeps
// the named file's value instead.
func TestARealConflictIsListed(t *testing.T) {
	db := newWarehouse(t)
	a := writeFile(t, "pci_2019_vcci.csv", "province,year,index,score\nHà Nội,2019,PCI,65.13\nĐà Nẵng,2019,PCI,70.00\n")
	b := writeFile(t, "pci_2019_so_kh.csv", "province,year,index,score\nHà Nội,2019,PCI,66.13\nĐà Nẵng,2019,PCI,70.004\n")
	if _, err := ingestFile(t, db, a, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingestFile(t, db, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Conflicts != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "1 values differ beyond rounding") {
		t.Errorf("conflicts %d, notes %v", res.Conflicts, res.Notes)
	}
	if got := queryString(t, db, inForceScores); got != "01=66.13@2,48=70.004@2" {
		t.Errorf("in force = %s, want the later file's", got)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', province_code, kept_score, other_score, kept_file, kept_row, other_file, other_row), ';') from raw._score_conflicts`)
	if want := "01|66.13|65.13|" + b + "|2|" + a + "|2"; got != want {
		t.Errorf("conflicts = %s\nwant        %s", got, want)
	}
	// the other order with --prefer naming the first file keeps its values
	db = newWarehouse(t)
	if _, err := ingestFile(t, db, a, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err = ingestFile(t, db, b, Options{Prefer: "pci_2019_vcci.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, inForceScores); got != "01=65.13@1,48=70.004@2" {
		t.Errorf("in force with --prefer = %s, want a's Hà Nội (the disagreement) and b's more precise Đà Nẵng", got)
	}
	if res.Conflicts != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "--prefer: kept 1 values loaded before") {
		t.Errorf("--prefer: conflicts %d notes %v", res.Conflicts, res.Notes)
	}
	if got := queryString(t, db, `select prefer from raw._loads where load_id = 2`); got != "pci_2019_vcci.csv" {
		t.Errorf("ledger prefer = %q", got)
	}
}

// TestPreferOfficialKeepsTheOfficialWorkbook: --prefer official keeps the
// values of a load read by an official workbook's adapter.
func TestPreferOfficialKeepsTheOfficialWorkbook(t *testing.T) {
	db := newWarehouse(t)
	official := writeFile(t, "papi_2019.csv", "province,year,index,component,score\nHà Nội,2019,PAPI,TOTAL,44.1\nĐà Nẵng,2019,PAPI,TOTAL,45.2\n")
	if res, err := ingestFile(t, db, official, Options{Kind: KindPAPIWorkbook}); err != nil || res.Kind != KindPAPIWorkbook {
		t.Fatalf("%+v %v", res, err)
	}
	copyFile := writeFile(t, "papi_chia_se.csv", "province,year,index,component,score\nHà Nội,2019,PAPI,TOTAL,41.1\nĐà Nẵng,2019,PAPI,TOTAL,45.2\n")
	if _, err := ingestFile(t, db, copyFile, Options{Prefer: PreferOfficial}); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, inForceScores); got != "01=44.1@1,48=45.2@2" {
		t.Errorf("in force = %s, want the official Hà Nội", got)
	}
}
