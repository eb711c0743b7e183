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
