package ingest

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"cchc"
	"cchc/data"
)

func newWarehouse(t testing.TB) *sql.DB {
	t.Helper()
	db, err := cchc.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func queryString(t testing.TB, db *sql.DB, q string, args ...any) string {
	t.Helper()
	var s sql.NullString
	if err := db.QueryRow(q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s.String
}

// snapshot is every raw score row as text, to compare warehouse states.
func snapshot(t testing.TB, db *sql.DB) string {
	t.Helper()
	return queryString(t, db, `select coalesce(string_agg(x, chr(10) order by x), '') from (select concat_ws('|', province_code, year, index_id, component, score, rank, _load_id) as x from raw.index_scores)`)
}

func ingestFile(t testing.TB, db *sql.DB, path string, opt Options) (*Result, error) {
	t.Helper()
	return NewParser(data.MustLoad()).Ingest(context.Background(), db, path, opt)
}

func TestIngestLongVietnameseSemicolonCommaDecimals(t *testing.T) {
	db := newWarehouse(t)
	res, err := ingestFile(t, db, "testdata/pci_long_vi.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 || strings.Join(res.Slices, ",") != "PCI 2019" {
		t.Fatalf("result = %+v", res)
	}
	got := queryString(t, db, `select concat_ws('|', province_code, component, score, rank, _source_row) from raw.index_scores where province_input = 'Tp.HCM'`)
	if got != "79|TOTAL|67.25|6|2" {
		t.Errorf("TP.HCM row = %q, want 79|TOTAL|67.25|6|2", got)
	}
	if got := queryString(t, db, `select score from raw.index_scores where component = 'transparency'`); got != "7.1" {
		t.Errorf("transparency score = %q, want 7.1", got)
	}
}

func utf16File(s string) string {
	var b strings.Builder
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		var x [2]byte
		binary.LittleEndian.PutUint16(x[:], u)
		b.Write(x[:])
	}
	return b.String()
}

func TestIngestWideUTF16TabsEnglishHeaders(t *testing.T) {
	db := newWarehouse(t)
	content := "Province\tYear\tTOTAL\tE1\tE2\tE3\tE4\tE5\r\nHo Chi Minh City\t2023\t82.10\t80.5\t81.5\t83\t82\t83.5\r\nThua Thien-Hue\t2023\t85.00\t85\t85\t85\t85\t85\r\n"
	p := writeFile(t, "sipas.txt", utf16File(content))
	res, err := ingestFile(t, db, p, Options{Index: "SIPAS"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 12 {
		t.Errorf("rows = %d, want 12", res.Rows)
	}
	if got := queryString(t, db, `select score from raw.index_scores where province_code = '79' and component = 'E5'`); got != "83.5" {
		t.Errorf("E5 of TP.HCM = %q", got)
	}
	// Without --index the index is recognised from five labels of its own, and said so.
	res, err = ingestFile(t, newWarehouse(t), p, Options{})
	if err != nil || res.Rows != 12 || !strings.Contains(strings.Join(res.Notes, "\n"), "index SIPAS, recognised from the column labels") {
		t.Errorf("wide file without --index: %+v, %v", res, err)
	}
	// Two labels are not enough to tell: the user is asked for --index.
	few := writeFile(t, "few.csv", "Province,Year,E1,E2\nHà Nội,2023,80,81\n")
	if _, err := ingestFile(t, newWarehouse(t), few, Options{}); err == nil || !strings.Contains(err.Error(), "--index") {
		t.Errorf("wide file with two labels without --index: error = %v", err)
	}
}

func TestIngestXLSXWithTitleRowsAndMergedCells(t *testing.T) {
	f := excelize.NewFile()
	sh := "Kết quả PAPI"
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", "KẾT QUẢ CHỈ SỐ PAPI 2020 (minh họa)")
	f.MergeCell(sh, "A1", "F1")
	f.SetCellValue(sh, "A2", "Đơn vị: điểm")
	headers := []string{"STT", "Tỉnh/Thành phố", "Năm", "Tham gia của người dân ở cấp cơ sở", "1.1", "Ghi chú"}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		f.SetCellValue(sh, cell, h)
	}
	rows := [][]any{
		{1, "Quảng Ninh", 2020, 5.4321, 1.25, ""},
		{2, "Đắc Lắc", 2020, "4,75", "KCDL", "số liệu thiếu"},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, 6+r) // a blank row 5 between
			f.SetCellValue(sh, cell, v)
		}
	}
	p := filepath.Join(t.TempDir(), "papi.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	res, err := ingestFile(t, db, p, Options{Index: "PAPI"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 {
		t.Errorf("rows = %d, want 3 (KCDL is missing, not zero)", res.Rows)
	}
	if strings.Join(res.Ignored, ",") != "STT,Ghi chú" {
		t.Errorf("ignored columns = %q, want STT,Ghi chú reported", res.Ignored)
	}
	got := queryString(t, db, `select string_agg(x, ';' order by x) from (select concat_ws('|', province_code, component, score, _source_sheet, _source_row) as x from raw.index_scores)`)
	want := "22|D1.1|1.25|Kết quả PAPI|6;22|D1|5.4321|Kết quả PAPI|6;66|D1|4.75|Kết quả PAPI|7"
	if got != want {
		t.Errorf("rows = %q\nwant   %q", got, want)
	}
}

func TestFailedLoadLeavesWarehouseUnchanged(t *testing.T) {
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, "testdata/pci_long_vi.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	bad := writeFile(t, "pci_2020.csv", "province,year,index,component,score,rank\nHà Nội,2020,PCI,,68.5,1\nĐà Nẵng,2020,PCI,,abc,2\nHải Phòng,2019,PCI,,70.1,\n")
	_, err := ingestFile(t, db, bad, Options{})
	var ce *CellError
	if !errors.Is(err, ErrRejected) || !errors.As(err, &ce) {
		t.Fatalf("error = %v, want a rejected-rows error", err)
	}
	for _, part := range []string{"pci_2020.csv", "row 3", `"score"`, `"abc"`} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %s", err, part)
		}
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("warehouse changed by a failed load:\nbefore %s\nafter  %s", before, after)
	}
	if got := queryString(t, db, `select concat_ws('|', status, file_name, rows) from raw._loads where status <> 'loaded'`); got != "failed|pci_2020.csv|0" {
		t.Errorf("ledger row of the failed load = %q", got)
	}
	if got := queryString(t, db, `select count(*) from raw._rejects`); got != "0" {
		t.Errorf("raw._rejects has %s rows after a refused load", got)
	}
}

func TestAllowRejectsLoadsGoodRowsAndWritesRejects(t *testing.T) {
	db := newWarehouse(t)
	p := writeFile(t, "par.csv", "Tỉnh;Năm;Chỉ số;Điểm\nHà Nội;2023;PAR;91,43\nHà Nộii;2023;PAR;90,1\nQuảng Ninh;2023;PAR;92,18\nHải Phòng;2023;PAR;-\n")
	res, err := ingestFile(t, db, p, Options{AllowRejects: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || res.Rejected != 1 {
		t.Fatalf("rows=%d rejected=%d, want 2 and 1", res.Rows, res.Rejected)
	}
	if got := queryString(t, db, `select concat_ws('|', row_number, column_name, value) from raw._rejects`); got != "3|Tỉnh|Hà Nộii" {
		t.Errorf("raw._rejects = %q", got)
	}
	if got := queryString(t, db, `select reason from raw._rejects`); !strings.Contains(got, "Hà Nội") {
		t.Errorf("reject reason %q does not suggest Hà Nội", got)
	}
	b, err := os.ReadFile(res.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "par.csv,,3,Tỉnh,Hà Nộii,") {
		t.Errorf("rejects CSV = %q", b)
	}
}

func TestReloadIsIdempotentAndACorrectedFileReplacesItsSlice(t *testing.T) {
	db := newWarehouse(t)
	v1 := writeFile(t, "pci.csv", "province,year,index,score\nHà Nội,2019,PCI,68.8\nĐà Nẵng,2019,PCI,70.1\nHà Nội,2018,PCI,65.4\n")
	if _, err := ingestFile(t, db, v1, Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	res, err := ingestFile(t, db, v1, Options{})
	if err != nil || !res.Skipped {
		t.Fatalf("second load = %+v, %v; want skipped", res, err)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("reloading the same file changed the warehouse")
	}
	// a corrected 2019 file replaces PCI 2019 only
	v2 := writeFile(t, "pci_2019_sua.csv", "province,year,index,score\nHà Nội,2019,PCI,68.9\nĐà Nẵng,2019,PCI,70.1\n")
	if _, err := ingestFile(t, db, v2, Options{}); err != nil {
		t.Fatal(err)
	}
	got := queryString(t, db, `select string_agg(x, ';' order by x) from (select concat_ws('|', province_code, year, score) as x from raw.index_scores where _superseded_by is null)`)
	if got != "01|2018|65.4;01|2019|68.9;48|2019|70.1" {
		t.Errorf("after the correction = %q", got)
	}
	if got := queryString(t, db, `select string_agg(status, ',' order by load_id) from raw._loads`); got != "loaded,loaded" {
		t.Errorf("ledger statuses = %q (the first load still holds PCI 2018)", got)
	}
}

func TestAmbiguousNumberIsAnErrorWithItsPosition(t *testing.T) {
	p := writeFile(t, "counts.csv", "province,year,index,score\nHà Nội,2019,PCI,1.234\nĐà Nẵng,2019,PCI,5.678\n")
	_, err := ingestFile(t, newWarehouse(t), p, Options{})
	if !errors.Is(err, ErrAmbiguousNumber) || !strings.Contains(err.Error(), "row 2") || !strings.Contains(err.Error(), `"1.234"`) {
		t.Fatalf("error = %v, want an ambiguous-number error at row 2", err)
	}
	// --decimal settles it.
	if _, err := ingestFile(t, newWarehouse(t), p, Options{Decimal: '.'}); err != nil {
		t.Errorf("with Decimal '.': %v", err)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	db, err := cchc.Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := ingestFile(t, db, "testdata/pci_long_vi.csv", Options{DryRun: true})
	if err != nil || res.Rows != 5 {
		t.Fatalf("dry run = %+v, %v", res, err)
	}
	var n int
	if err := db.QueryRow(`select count(*) from information_schema.tables where table_schema = 'raw'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("dry run created %d raw tables (%v)", n, err)
	}
}

func TestDecodeText(t *testing.T) {
	for name, in := range map[string]string{
		"UTF-8 with BOM":  "\ufeffTỉnh,Năm",
		"UTF-16LE BOM":    utf16File("Tỉnh,Năm"),
		"plain UTF-8":     "Tỉnh,Năm",
		"decomposed UTF8": "Ti\u0309nh,Năm",
	} {
		got, err := DecodeText([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if NFC(got) != "Tỉnh,Năm" {
			t.Errorf("%s: DecodeText = %q", name, got)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3\n": ',',
		"Tỉnh;Năm;Điểm\nHà Nội;2019;53,5": ';',
		"a\tb\n1,5\t2\n":         '\t',
		"\"a;b\",c\n\"1;2\",3\n": ',',
	} {
		if got := SniffDelimiter(in); got != want {
			t.Errorf("SniffDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRankTypeDerivedIsNotOfficial: a rank that a rank_type column marks as
// computed from the score (pci.csv's derived_from_score) is not loaded as
// an official rank, and the note says how many.
func TestRankTypeDerivedIsNotOfficial(t *testing.T) {
	db := newWarehouse(t)
	p := writeFile(t, "pci.csv", "province,year,index,score,rank,rank_type\nHà Nội,2019,PCI,65,9,derived_from_score\nĐà Nẵng,2019,PCI,70,5,official\n")
	res, err := ingestFile(t, db, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, `select string_agg(province_code || ':' || coalesce(rank, '-'), ',' order by province_code) from raw.index_scores`); got != "01:-,48:5" {
		t.Errorf("ranks = %q, want Hà Nội without its derived rank", got)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "1 ranks marked as not official") {
		t.Errorf("notes = %v", res.Notes)
	}
}

// TestReplacingASliceIsSaid: a file restating a key already loaded from
// another file supersedes it, and the result says how many rows and from
// which file; --replace drops the slice's other keys and says how many.
func TestReplacingASliceIsSaid(t *testing.T) {
	db := newWarehouse(t)
	a := writeFile(t, "pci_a.csv", "province,year,index,score\nHà Nội,2019,PCI,65\nĐà Nẵng,2019,PCI,70\n")
	b := writeFile(t, "pci_b.csv", "province,year,index,score\nHà Nội,2019,PCI,66\n")
	if _, err := ingestFile(t, db, a, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingestFile(t, db, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "superseded 1 rows loaded before for the same keys, from pci_a.csv") || res.Dropped != 0 {
		t.Errorf("notes = %v", res.Notes)
	}
	c := writeFile(t, "pci_c.csv", "province,year,index,score\nHà Nội,2019,PCI,67\n")
	res, err = ingestFile(t, db, c, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "--replace: dropped 1 rows") || res.Dropped != 1 {
		t.Errorf("--replace notes = %v (dropped %d)", res.Notes, res.Dropped)
	}
	if got := queryString(t, db, `select string_agg(province_code || '=' || score, ',') from raw.index_scores where _superseded_by is null`); got != "01=67" {
		t.Errorf("in force after --replace: %s", got)
	}
	if got := queryString(t, db, `select string_agg(load_id || ':' || replaced || ':' || dropped, ',' order by load_id) from raw._loads`); got != "1:false:0,2:false:0,3:true:1" {
		t.Errorf("ledger = %s", got)
	}
}

// TestAllowRejectsWhenEveryRowIsBad: nothing loads, and the reasons are
// not lost: the error names the first and the rejects file lists them all.
func TestAllowRejectsWhenEveryRowIsBad(t *testing.T) {
	db := newWarehouse(t)
	p := writeFile(t, "bad_years.csv", "province,year,index,score\nHà Nội,20x3,PCI,60\nĐà Nẵng,20y3,PCI,61\n")
	_, err := ingestFile(t, db, p, Options{AllowRejects: true})
	if err == nil || !strings.Contains(err.Error(), "every row was rejected") || !strings.Contains(err.Error(), `"20x3"`) || !strings.Contains(err.Error(), "bad_years.rejects.csv") {
		t.Fatalf("error = %v", err)
	}
	b, err := os.ReadFile(strings.TrimSuffix(p, ".csv") + ".rejects.csv")
	if err != nil || !strings.Contains(string(b), "20y3") {
		t.Errorf("rejects file: %q, %v", b, err)
	}
}

// TestANegativeZeroScoreIsStoredAsZero: "-0" in a file is the score 0, and
// is stored so (case 6 of issue 15: it printed -0.00).
func TestANegativeZeroScoreIsStoredAsZero(t *testing.T) {
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, writeFile(t, "par.csv", "province,year,index,score\nHà Nội,2019,PAR,-0\nĐà Nẵng,2019,PAR,\"-0,0\"\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, `select string_agg(score || '|' || score_input, ';' order by province_code) from raw.index_scores`); got != "0|-0;0|-0,0" {
		t.Errorf("stored %s, want the score 0 beside the cells as written", got)
	}
}
