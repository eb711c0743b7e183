package ingest

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc/data"
	"cchc/internal/testutil"
)

// sheetSpec is one sheet of a hand-made workbook: rows from row `top` on,
// and a merged title in row 1.
type sheetSpec struct {
	name  string
	title string
	top   int
	rows  [][]any
}

func writeWorkbook(t *testing.T, name string, sheets []sheetSpec) string {
	t.Helper()
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		if s.title != "" {
			f.SetCellValue(s.name, "A1", s.title)
			if err := f.MergeCell(s.name, "A1", "H2"); err != nil {
				t.Fatal(err)
			}
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, s.top+r)
				f.SetCellValue(s.name, cell, v)
			}
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// madeUp are made-up scores for ten provinces (code, PCI id, name).
var madeUp = []struct {
	code, pciID, name string
	entry, time, pro  float64
	total             float64
}{
	{"01", "", "Hà Nội", 7.1, 6.2, 5.3, 61.5}, {"31", "", "Hải Phòng", 6.9, 6.8, 6.1, 63.2},
	{"48", "", "Đà Nẵng", 8.4, 7.7, 6.6, 66.1}, {"79", "", "Tp.HCM", 7.7, 6.1, 5.9, 62.3},
	{"92", "", "Cần Thơ", 6.5, 6.6, 5.2, 59.8}, {"22", "", "Quảng Ninh", 8.9, 8.1, 7.0, 67.4},
	{"87", "", "Đồng Tháp", 8.2, 7.9, 7.2, 66.9}, {"27", "", "Bắc Ninh", 7.6, 6.9, 6.4, 64.0},
	{"24", "", "Bắc Giang", 6.1, 6.3, 5.6, 60.2}, {"10", "", "Lào Cai", 7.9, 7.2, 6.8, 65.0},
}

// setPCIIDs fills in PCI's own province ids from the reference table.
func setPCIIDs(t *testing.T) {
	ids := map[string]string{}
	for _, p := range data.MustLoad().Provinces {
		ids[p.Code] = p.PCIID
	}
	for i := range madeUp {
		madeUp[i].pciID = ids[madeUp[i].code]
		if madeUp[i].pciID == "" {
			t.Fatalf("no PCI id for %s", madeUp[i].code)
		}
	}
}

// TestPCIWorkbookLayoutVariants: sheets renamed to nothing telling, header
// rows shifted below a merged title and notes, blank rows inside tables,
// English labels, a summary without an order column, and a sub-index
// sheet whose number does not say which sub-index it is (the variable
// name does).
func TestPCIWorkbookLayoutVariants(t *testing.T) {
	setPCIIDs(t)
	sub := func(label, varName string, val func(i int) float64) [][]any {
		rows := [][]any{{"Ghi chú: số liệu minh họa"}, nil, {"PCI ID", "Province", label, "Indicator A (%)", "Indicator B"}, {nil, nil, varName, "a1", "b1"}}
		for i, m := range madeUp {
			rows = append(rows, []any{m.pciID, m.name, val(i), 0.5, 12})
			if i == 4 {
				rows = append(rows, nil, nil) // blank rows inside the table
			}
		}
		return append(rows, nil, []any{nil, "Median", 7.0, 0.5, 12})
	}
	// Summary: sorted blocks, province column left of each value column,
	// rank with no province column of its own.
	order := func(f func(i int) float64) []int {
		idx := make([]int, len(madeUp))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return f(idx[a]) > f(idx[b]) })
		return idx
	}
	entry := func(i int) float64 { return madeUp[i].entry }
	total := func(i int) float64 { return madeUp[i].total }
	summary := [][]any{{"Province", "Entry Costs", nil, "PCI 2014", "PCI 2014 ranking", "PCI tier", nil, "Legend"}}
	eo, to := order(entry), order(total)
	for r := range madeUp {
		summary = append(summary, []any{madeUp[eo[r]].name, madeUp[eo[r]].entry, madeUp[to[r]].name, madeUp[to[r]].total, r + 1, map[bool]string{true: "Excellent", false: "High"}[r < 3], nil, "x"})
	}
	path := writeWorkbook(t, "PCI_2014.xlsx", []sheetSpec{
		{name: "Sheet1", title: "CHỈ SỐ THÀNH PHẦN 1", top: 4, rows: sub("Sub-Index 1", "sub1_entry", entry)},
		{name: "Sheet2", title: "CHỈ SỐ THÀNH PHẦN 4", top: 6, rows: sub("Sub-Index 4", "sub4_time_prov", func(i int) float64 { return madeUp[i].time })},
		{name: "Sheet3", top: 2, rows: sub("Chỉ số thành phần 6", "sub7_proactivity", func(i int) float64 { return madeUp[i].pro })},
		{name: "Ket qua", title: "PCI 2014 - KẾT QUẢ", top: 8, rows: summary},
		{name: "Quy trinh", rows: [][]any{{"Quy trình khảo sát"}}, top: 1},
	})
	tbl, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser(data.MustLoad())
	parsed, err := p.ParsePCIWorkbook(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Rejects) > 0 {
		t.Fatalf("%d rejects, first: %v", len(parsed.Rejects), parsed.Rejects[0])
	}
	got := map[string]ScoreRecord{}
	for _, r := range parsed.Records {
		got[r.ProvinceCode+"|"+r.Component] = r
	}
	for i, m := range madeUp {
		for comp, v := range map[string]float64{"entry": m.entry, "time": m.time, "proactive": m.pro, "TOTAL": m.total} {
			r, ok := got[m.code+"|"+comp]
			if !ok || math.Abs(r.Score-v) > 1e-9 || r.Year != 2014 {
				t.Errorf("%s %s: %+v, want %v in 2014", m.name, comp, r, v)
			}
		}
		wantRank := 0
		for r, j := range to {
			if j == i {
				wantRank = r + 1
			}
		}
		if r := got[m.code+"|TOTAL"]; !r.HasRank || r.Rank != int64(wantRank) || r.Group == "" {
			t.Errorf("%s: rank %d tier %q, want %d", m.name, r.Rank, r.Group, wantRank)
		}
	}
	if len(parsed.Records) != 4*len(madeUp) {
		t.Errorf("%d records, want %d", len(parsed.Records), 4*len(madeUp))
	}
	if strings.Join(parsed.Skipped, ",") != "Quy trinh" {
		t.Errorf("skipped %v, want the process sheet listed", parsed.Skipped)
	}
	if strings.Join(parsed.Ignored, ",") != "Ket qua: Legend" {
		t.Errorf("ignored %v, want the legend column reported by name", parsed.Ignored)
	}
}

// TestPCISubIndexSheetThatSaysNothing: without a variable name, the
// sub-index number is read with that year's numbering (6 is proactivity
// in 2010, equal competition in 2016); a number no year has, under a sheet
// name that names no sub-index, is an error naming the sheet and the
// column, not a guess.
func TestPCISubIndexSheetThatSaysNothing(t *testing.T) {
	setPCIIDs(t)
	sheet := func(label string) [][]any {
		rows := [][]any{{"Mã PCI", "Tỉnh", label}}
		for _, m := range madeUp {
			rows = append(rows, []any{m.pciID, m.name, m.entry})
		}
		return rows
	}
	for year, want := range map[string]string{"2010": "proactive", "2016": "bias"} {
		path := writeWorkbook(t, "PCI_"+year+".xlsx", []sheetSpec{{name: "Bang 6", top: 1, rows: sheet("Chỉ số thành phần 6")}})
		tbl, err := ReadTable(path)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := NewParser(data.MustLoad()).ParsePCIWorkbook(tbl)
		if err != nil || len(parsed.Records) != len(madeUp) || parsed.Records[0].Component != want {
			t.Errorf("%s: sub-index 6 read as %+v (%v), want %s", year, parsed, err, want)
		}
	}
	path := writeWorkbook(t, "PCI_2016.xlsx", []sheetSpec{{name: "Bang 3", top: 1, rows: sheet("Chỉ số thành phần 11")}})
	tbl, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewParser(data.MustLoad()).ParsePCIWorkbook(tbl)
	if err == nil || !strings.Contains(err.Error(), `sheet "Bang 3"`) || !strings.Contains(err.Error(), "Chỉ số thành phần 11") || !strings.Contains(err.Error(), "cannot tell which sub-index") {
		t.Fatalf("error = %v", err)
	}
}

// TestPCIIdAndNameDisagree: a row whose PCI id and province name point at
// different provinces is rejected at its cell, and nothing is loaded.
func TestPCIIdAndNameDisagree(t *testing.T) {
	setPCIIDs(t)
	rows := [][]any{{"PCI ID", "Tỉnh", "Sub-Index 1"}, {nil, nil, "sub1_entry"}}
	for _, m := range madeUp {
		rows = append(rows, []any{m.pciID, m.name, m.entry})
	}
	rows[4][1] = "Hà Nội" // row 7 holds Đà Nẵng's PCI id
	path := writeWorkbook(t, "PCI_2016.xlsx", []sheetSpec{{name: "CSTP1", top: 3, rows: rows}})
	db := newWarehouse(t)
	_, err := NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{})
	if err == nil || !strings.Contains(err.Error(), "PCI id "+madeUp[2].pciID+" is Đà Nẵng but the name says Hà Nội") || !strings.Contains(err.Error(), "7") {
		t.Fatalf("error = %v", err)
	}
	if n := queryString(t, db, `select count(*) from raw.index_scores`); n != "0" {
		t.Errorf("%s rows loaded from a rejected file", n)
	}
}

// TestPAPITransposedLayoutShifted: a 2018+ style data sheet under a merged
// title and notes, renamed, with the year only in the file name.
func TestPAPITransposedLayoutShifted(t *testing.T) {
	head := []any{"Tên tỉnh/thành phố", "Thang điểm"}
	for _, m := range madeUp {
		head = append(head, m.name)
	}
	row := func(label, scale string, v func(i int) float64) []any {
		r := []any{label, scale}
		for i := range madeUp {
			r = append(r, v(i))
		}
		return r
	}
	d1 := func(i int) float64 { return 4 + float64(i)/10 }
	rows := [][]any{{"Ghi chú: dữ liệu minh họa"}, nil, head,
		row("Chỉ số nội dung 1: Tham gia của người dân ở cấp cơ sở", "1-10 điểm", d1),
		row("Chỉ số nội dung 1: Tham gia của người dân ở cấp cơ sở - điểm tối thiểu trong khoảng tin cậy 95%", "", func(i int) float64 { return d1(i) - 0.2 }),
		row("Chỉ số nội dung 1: Tham gia của người dân ở cấp cơ sở - điểm tối đa trong khoảng tin cậy 95%", "", func(i int) float64 { return d1(i) + 0.2 }),
		row("1.1: Tri thức công dân", "0.25-2.5 điểm", func(i int) float64 { return 1 + float64(i)/20 }),
		row("Hiểu biết về chính sách hiện hành (%)*", "0%-100%", func(i int) float64 { return 0.5 }),
	}
	path := writeWorkbook(t, "papi_2021_du_lieu.xlsx", []sheetSpec{{name: "Dữ liệu", title: "KẾT QUẢ PAPI", top: 4, rows: rows}})
	db := newWarehouse(t)
	res, err := NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindPAPIWorkbook || res.Rows != 2*len(madeUp) || strings.Join(res.Slices, ",") != "PAPI 2021" {
		t.Errorf("kind %s, %d rows, slices %v", res.Kind, res.Rows, res.Slices)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', province_code, component, score, ci_lower, ci_upper), ';' order by province_code, component) from raw.index_scores where province_code in ('01', '10')`)
	want := "01|D1|4|3.8|4.2;01|D1.1|1;10|D1|4.9|4.7|5.1;10|D1.1|1.45" // Excel keeps 15 significant digits
	if got != want {
		t.Errorf("loaded %s\nwant   %s", got, want)
	}
}

// TestPCIWorkbookWithHaTay: a 2007 sub-index sheet lists Hà Tây, a unit of
// its own until 2008 whose PCI id the reference does not know; it is
// matched by name, with a note, and the same sheet is refused for 2009.
func TestPCIWorkbookWithHaTay(t *testing.T) {
	setPCIIDs(t)
	rows := [][]any{{"Mã PCI", "Tỉnh", "Chỉ số thành phần 1"}, {nil, "pci_id", "sub1_entry"}}
	for _, m := range madeUp {
		rows = append(rows, []any{m.pciID, m.name, m.entry})
	}
	rows = append(rows, []any{99, "Hà Tây", 6.25})
	for year, ok := range map[string]bool{"2007": true, "2009": false} {
		path := writeWorkbook(t, "PCI_"+year+".xlsx", []sheetSpec{{name: "CSTP1", top: 1, rows: rows}})
		tbl, err := ReadTable(path)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := NewParser(data.MustLoad()).ParsePCIWorkbook(tbl)
		if err != nil {
			t.Fatal(err)
		}
		var haTay []ScoreRecord
		for _, r := range parsed.Records {
			if r.ProvinceCode == "28" {
				haTay = append(haTay, r)
			}
		}
		if ok {
			if len(parsed.Rejects) > 0 || len(haTay) != 1 || haTay[0].Score != 6.25 || !strings.Contains(strings.Join(parsed.Notes, "\n"), `province matched by its name "Hà Tây"`) {
				t.Errorf("%s: Hà Tây %+v, rejects %v, notes %v", year, haTay, parsed.Rejects, parsed.Notes)
			}
		} else if len(parsed.Rejects) != 1 || parsed.Rejects[0].Row != 13 || !strings.Contains(parsed.Rejects[0].Error(), "Hà Tây") {
			t.Errorf("%s: Hà Tây should be refused at row 13, rejects %v", year, parsed.Rejects)
		}
	}
}

// TestPCIWorkbookRenamedToAnotherYear: a 2012 workbook saved as
// PCI_2014.xlsx is refused whole; its sub-index sheets must not load as 2014.
func TestPCIWorkbookRenamedToAnotherYear(t *testing.T) {
	shared := testutil.RequireShared(t)
	b, err := os.ReadFile(filepath.Join(shared, "data", "official", "PCI_2012.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "PCI_2014.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	_, err = NewParser(data.MustLoad()).Ingest(context.Background(), db, path, Options{})
	if err == nil || !strings.Contains(err.Error(), `the file name says 2014 but the summary sheets say "PCI 2012"`) {
		t.Fatalf("error = %v", err)
	}
	if n := queryString(t, db, `select count(*) from raw.index_scores`); n != "0" {
		t.Errorf("%s rows loaded", n)
	}
}

// FuzzPCIWorkbook feeds arbitrary sheets to the PCI workbook reader: it
// must never panic, and whatever it accepts is a PCI score of a known
// province, in a plausible year, within its sub-index's scale.
func FuzzPCIWorkbook(f *testing.F) {
	f.Add("PCI_2015.xlsx", "Thứ tự|Tỉnh|Gia nhập thị trường||PCI 2015|Xếp hạng|Nhóm xếp hạng\n1|Hà Nội|7.5|Đà Nẵng|68.3|1|Rất tốt\n2|Đà Nẵng|7.1|Hà Nội|61.2|2|Tốt",
		"PCI ID|Tỉnh|Chỉ số thành phần 1|x\n|pci_id|sub1_entry|c1\n1|Hà Nội|7.5|3\n3|Đà Nẵng|7.1|4\n||Median|7")
	f.Add("pci.xlsx", "PCI 2010|Xếp hạng\nHà Nội|1", "Mã PCI|Tỉnh|Sub-Index 6\n99|Hà Tây|5")
	f.Add("PCI_2009.xlsx", "", "PCI ID|Tỉnh|CSTP 6\n1|Hà Nội|0\n2|Hải Phòng|KCDL\n3|Đà Nẵng|-1e400")
	p := NewParser(data.MustLoad())
	f.Fuzz(func(t *testing.T, name, a, b string) {
		sheet := func(n, s string) Sheet {
			sh := Sheet{Name: n}
			for i, line := range strings.Split(s, "\n") {
				cells := strings.Split(line, "|")
				for j := range cells {
					cells[j] = NFC(cells[j])
				}
				sh.Rows = append(sh.Rows, cells)
				sh.Line = append(sh.Line, i+1)
			}
			return sh
		}
		tbl := &Table{File: name, Sheets: []Sheet{sheet("A", a), sheet("B", b)}}
		if !p.IsPCIWorkbook(tbl) {
			return
		}
		parsed, err := p.ParsePCIWorkbook(tbl)
		if err != nil {
			return
		}
		for _, r := range parsed.Records {
			if r.Index != "PCI" || r.Year < 1990 || r.Year > 2100 || len(r.ProvinceCode) != 2 || !r.HasScore {
				t.Fatalf("accepted %+v", r)
			}
			if lo, hi, ok := p.headers.Scale("PCI", r.Component, r.Year); ok && (r.Score < lo-0.01 || r.Score > hi+0.01) {
				t.Fatalf("accepted %v outside %v-%v: %+v", r.Score, lo, hi, r)
			}
		}
	})
}

// TestForcedPCIKindOnAnotherFile: --kind pci-workbook on a file with no
// PCI layout says what it looked for, not that the year is unknown.
func TestForcedPCIKindOnAnotherFile(t *testing.T) {
	path := writeFile(t, "x.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n")
	_, err := NewParser(data.MustLoad()).Ingest(context.Background(), newWarehouse(t), path, Options{Kind: KindPCIWorkbook})
	if err == nil || !strings.Contains(err.Error(), "no PCI summary sheet") {
		t.Fatalf("error = %v", err)
	}
}

// TestAFormulaWithNoComputedValueIsNamed is case 6 of issue 15: a formula
// cell whose workbook was never recalculated read as empty, and its row
// vanished without a note. It is an error naming the cell, or with
// --allow-rejects a rejected row; a row with computed values loads.
func TestAFormulaWithNoComputedValueIsNamed(t *testing.T) {
	x := excelize.NewFile()
	for i, row := range [][]any{{"Tỉnh", "Năm", "Chỉ số", "Điểm"}, {"Hà Nội", 2019, "PCI", 60.5}, {"Đà Nẵng", 2019, "PCI", nil}, {"Hải Phòng", 2019, "PCI", 65.25}} {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if v != nil {
				x.SetCellValue("Sheet1", cell, v)
			}
		}
	}
	if err := x.SetCellFormula("Sheet1", "D3", "AVERAGE(D2,D4)"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pci_2019.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	_, err := ingestFile(t, db, path, Options{})
	if !errors.Is(err, ErrNoCachedValue) || !strings.Contains(err.Error(), `dòng/row 3, cột/column "ô/cell D3", giá trị/value "=AVERAGE(D2,D4)"`) {
		t.Fatalf("error = %v", err)
	}
	res, err := ingestFile(t, db, path, Options{AllowRejects: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || res.Rejected != 1 {
		t.Errorf("loaded %d, rejected %d; want 2 and the formula's row", res.Rows, res.Rejected)
	}
	if got := queryString(t, db, `select string_agg(province_code, ',' order by province_code) from raw.index_scores`); got != "01,31" {
		t.Errorf("loaded %s", got)
	}
}
