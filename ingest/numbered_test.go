package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cchc/data"
)

// TestNumberedLabels: a shared PAPI workbook's columns labelled "1: ...",
// "1.1: ...", "Dimension 2: ...", "Chi so noi dung 3" (no diacritics) map by
// their number within the year's structure, nothing is left unloaded, and a
// label whose words name another component is loaded by its number with a note.
func TestNumberedLabels(t *testing.T) {
	head := []any{"Mã tỉnh", "Tỉnh", "1: Tham gia của người dân ở cấp cơ sở", "1.1: Tri thức công dân", "Dimension 2: Transparency",
		"Chi so noi dung 3", "4: Thủ tục hành chính công", "CHỈ SỐ NỘI DUNG 8: Quản trị điện tử"}
	rows := [][]any{head}
	for i, m := range madeUp {
		f := float64(i) / 10
		rows = append(rows, []any{m.code, m.name, 5 + f, 1 + f, 4 + f, 6 + f, 7 + f, 3 + f})
	}
	path := writeWorkbook(t, "papi_2021_ban_chia_se.xlsx", []sheetSpec{{name: "2021", top: 1, rows: rows}})
	db := newWarehouse(t)
	res, err := NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{Index: "PAPI"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Ignored) != 0 || res.Rows != 6*len(madeUp) {
		t.Errorf("rows %d (want %d), columns not loaded %v", res.Rows, 6*len(madeUp), res.Ignored)
	}
	got := queryString(t, db, `select string_agg(component || '=' || score, ' ' order by component) from raw.index_scores where province_code = '01'`)
	if want := "D1=5 D1.1=1 D2=4 D3=6 D4=7 D8=3"; got != want {
		t.Errorf("Hà Nội: %s, want %s", got, want)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, `nhãn "4: Thủ tục hành chính công": số 4 là D4 nhưng tên giống D5; nạp theo số`) {
		t.Errorf("no note for the label whose words disagree with its number:\n%s", notes)
	}
}

// TestNumberedLabelNotInYear: PAPI 5.2 (construction permits) ended in
// 2020; a 2021 column or row numbered 5.2 is an error at its cell, and with
// --allow-rejects a reject, never a silent drop.
func TestNumberedLabelNotInYear(t *testing.T) {
	head := []any{"Mã tỉnh", "Tỉnh", "5.1: Dịch vụ chứng thực", "5.2: Thủ tục xin cấp phép xây dựng"}
	rows := [][]any{head}
	for _, m := range madeUp {
		rows = append(rows, []any{m.code, m.name, 2.1, 1.9})
	}
	path := writeWorkbook(t, "papi_2021.xlsx", []sheetSpec{{name: "2021", top: 1, rows: rows}})
	db := newWarehouse(t)
	p := NewParser(data.MustLoad())
	_, err := p.Ingest(context.Background(), db, path, Options{Index: "PAPI"})
	var ce *CellError
	if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), "5.2: Thủ tục xin cấp phép xây dựng") || !strings.Contains(err.Error(), "2021") {
		t.Fatalf("error = %v", err)
	}
	if n := queryString(t, db, `select count(*) from raw.index_scores`); n != "0" {
		t.Errorf("%s rows loaded from a file with an invalid component", n)
	}

	// the same in the transposed data-sheet layout (components as rows)
	thead := []any{"Tên tỉnh/thành phố", "Thang điểm"}
	for _, m := range madeUp {
		thead = append(thead, m.name)
	}
	row := func(label string, v float64) []any {
		r := []any{label, ""}
		for range madeUp {
			r = append(r, v)
		}
		return r
	}
	tpath := writeWorkbook(t, "papi_2021_du_lieu.xlsx", []sheetSpec{{name: "Dữ liệu", top: 3, rows: [][]any{thead,
		row("Chỉ số nội dung 5: Thủ tục hành chính công", 7.1), row("5.1: Dịch vụ chứng thực", 2.2), row("5.2: Thủ tục xin cấp phép xây dựng", 1.8)}}})
	res, err := p.Ingest(context.Background(), db, tpath, Options{AllowRejects: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected == 0 || res.Rows != 2*len(madeUp) {
		t.Errorf("transposed: %d rows, %d rejected; want the 5.2 row rejected and the rest loaded", res.Rows, res.Rejected)
	}
	if n := queryString(t, db, `select count(*) from raw._rejects where reason like '%5.2%'`); n == "0" {
		t.Errorf("the 5.2 row is not in raw._rejects")
	}
}

// TestNumberedPCI: PCI's sub-index 6 is proactivity in 2009-2012 and equal
// competition from 2013: "CSTP 6" maps by the year's own numbering.
func TestNumberedPCI(t *testing.T) {
	for _, c := range []struct {
		year, file, want string
	}{{"2010", "pci_2010.xlsx", "proactive"}, {"2015", "pci_2015_copy.xlsx", "bias"}} {
		rows := [][]any{{"Mã tỉnh", "Tỉnh", "Năm", "CSTP 6", "Chi so thanh phan 1: Gia nhap thi truong"}}
		for _, m := range madeUp {
			rows = append(rows, []any{m.code, m.name, c.year, m.pro, m.entry})
		}
		path := writeWorkbook(t, c.file, []sheetSpec{{name: "Sheet1", top: 1, rows: rows}})
		db := newWarehouse(t)
		res, err := NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{Index: "PCI"})
		if err != nil {
			t.Fatal(err)
		}
		got := queryString(t, db, `select string_agg(distinct component, ',' order by component) from raw.index_scores`)
		want := strings.Join(sortedPair("entry", c.want), ",")
		if got != want || len(res.Ignored) != 0 {
			t.Errorf("%s: components %s, ignored %v; want %s", c.year, got, res.Ignored, want)
		}
	}
}

func sortedPair(a, b string) []string {
	if b < a {
		a, b = b, a
	}
	return []string{a, b}
}

// TestYearSheetUnreadable: a workbook of a known index whose sheet "2017"
// cannot be read (no province column) is an error naming the sheet and why,
// not a skipped sheet with the other years loaded.
func TestYearSheetUnreadable(t *testing.T) {
	good := [][]any{{"Mã tỉnh", "Tỉnh", "1: Tham gia của người dân ở cấp cơ sở"}}
	bad := [][]any{{"STT", "Ký hiệu", "1: Tham gia của người dân ở cấp cơ sở"}}
	for i, m := range madeUp {
		good = append(good, []any{m.code, m.name, 5.1})
		bad = append(bad, []any{i + 1, "X" + m.code, 5.2})
	}
	path := writeWorkbook(t, "papi_2016-2017.xlsx", []sheetSpec{{name: "2016", top: 1, rows: good}, {name: "2017", top: 1, rows: bad}, {name: "Ghi chú", top: 1, rows: [][]any{{"Nguồn: CECODES"}}}})
	db := newWarehouse(t)
	_, err := NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{Index: "PAPI"})
	if err == nil || !strings.Contains(err.Error(), `"2017"`) || !strings.Contains(err.Error(), "no header row with province and year columns") {
		t.Fatalf("error = %v", err)
	}
	if n := queryString(t, db, `select count(*) from raw.index_scores`); n != "0" {
		t.Errorf("%s rows loaded", n)
	}
}
