package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"cchc/data"
)

// copiedYearWorkbook is a PAPI 2019-2022 workbook of one sheet a year for
// n provinces in which the 2020 and 2021 sheets hold 2019's values (the
// copy error of a widely shared PAPI 2015-2023 workbook).
func copiedYearWorkbook(t *testing.T, n int) string {
	t.Helper()
	var codes []string
	for _, p := range data.MustLoad().Provinces {
		if p.ValidTo == "" || p.ValidTo >= "2025" {
			if len(p.Code) == 2 && len(codes) < n {
				codes = append(codes, p.Code)
			}
		}
	}
	years := []string{"2019", "2020", "2021", "2022"}
	grids := map[string][][]any{}
	for _, y := range years {
		rows := [][]any{{"Mã tỉnh", "Năm", "Chỉ số", "Thành phần", "Điểm"}}
		for i, c := range codes {
			v := 40 + float64(i)*0.37
			if y == "2022" {
				v += 1.25
			}
			rows = append(rows, []any{c, y, "PAPI", "TOTAL", fmt.Sprintf("%.4f", v)})
		}
		grids[y] = rows
	}
	return writeXLSX(t, "papi_2019-2022_chia_se.xlsx", years, grids)
}

// TestACopiedYearSheetIsNotLoaded: the 2020 and 2021 sheets repeat 2019's
// values; the file is refused naming both sheets and years, and with
// --allow-rejects only 2019 and 2022 load.
func TestACopiedYearSheetIsNotLoaded(t *testing.T) {
	db := newWarehouse(t)
	path := copiedYearWorkbook(t, 25)
	_, err := ingestFile(t, db, path, Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 2 {
		t.Fatalf("err = %v, want two copied years refused", err)
	}
	for i, y := range []string{"2020", "2021"} {
		msg := re.Rejects[i].Error()
		want := fmt.Sprintf(`sheet %q (PAPI year %s) repeats the values of sheet "2019" (year 2019): 25 of 25 values of 25 provinces are equal`, y, y)
		if !strings.Contains(msg, want) {
			t.Errorf("reject %d = %s\nwant it to say %s", i, msg, want)
		}
	}
	res, err := ingestFile(t, db, path, Options{AllowRejects: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Slices, ",") != "PAPI 2019,PAPI 2022" || res.Rejected != 2 {
		t.Errorf("slices %v rejected %d, want PAPI 2019 and 2022 with 2 rejects", res.Slices, res.Rejected)
	}
	if got := queryString(t, db, `select string_agg(distinct year, ',' order by year) from raw.index_scores`); got != "2019,2022" {
		t.Errorf("years loaded: %s", got)
	}
}

// TestEqualYearsOfFewProvincesAreNotACopy: below 20 provinces, equal
// values may be chance (or a small file): they load.
func TestEqualYearsOfFewProvincesAreNotACopy(t *testing.T) {
	db := newWarehouse(t)
	res, err := ingestFile(t, db, copiedYearWorkbook(t, 19), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Slices) != 4 {
		t.Errorf("slices = %v, want the four years", res.Slices)
	}
}

// TestACopiedYearAcrossFiles: 2019 is loaded from one file; a second file
// whose only sheet, labelled 2020, holds 2019's values is refused naming
// the year and the file it copies; a restatement of 2019 itself (the same
// year again, from another file) is not a copy.
func TestACopiedYearAcrossFiles(t *testing.T) {
	db := newWarehouse(t)
	var codes []string
	for _, p := range data.MustLoad().Provinces {
		if len(p.Code) == 2 && (p.ValidTo == "" || p.ValidTo >= "2025") && len(codes) < 25 {
			codes = append(codes, p.Code)
		}
	}
	sheet := func(y string) [][]any {
		rows := [][]any{{"Mã tỉnh", "Năm", "Chỉ số", "Thành phần", "Điểm"}}
		for i, c := range codes {
			rows = append(rows, []any{c, y, "PAPI", "TOTAL", fmt.Sprintf("%.4f", 40+float64(i)*0.37)})
		}
		return rows
	}
	first := writeXLSX(t, "papi_2019.xlsx", []string{"2019"}, map[string][][]any{"2019": sheet("2019")})
	if _, err := ingestFile(t, db, first, Options{}); err != nil {
		t.Fatal(err)
	}
	copy2020 := writeXLSX(t, "papi_2020_ban_sao.xlsx", []string{"2020"}, map[string][][]any{"2020": sheet("2020")})
	_, err := ingestFile(t, db, copy2020, Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 1 ||
		!strings.Contains(re.Rejects[0].Error(), `sheet "2020" (PAPI year 2020) repeats the values of year 2019 loaded from papi_2019.xlsx: 25 of 25 values of 25 provinces are equal`) {
		t.Fatalf("err = %v", err)
	}
	again := writeXLSX(t, "papi_2019_sua.xlsx", []string{"2019"}, map[string][][]any{"2019": sheet("2019")})
	if _, err := ingestFile(t, db, again, Options{}); err != nil {
		t.Errorf("a restatement of 2019 was refused: %v", err)
	}
}
