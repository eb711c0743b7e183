package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"cchc"
	"cchc/data"
)

// The fuzzers of this file feed outside input to every reader and check
// properties of what comes out, not only that nothing panics: every data
// line of a file is loaded, rejected or counted in a note; what loads is a
// province of the map in force, a year in range, a count that is a
// non-negative integer, a score within its index's scale. The inputs that
// load go into one real warehouse per fuzzing process.

// fuzzRows splits a fuzzed body into rows of cells: rows by "\n", cells
// by "|" (as FuzzPCIWorkbook does), at most 40 rows of 16 cells from the
// first 4 KB (what a row holds, not how wide a file can be, is what these
// fuzzers explore).
func fuzzRows(body string) [][]string {
	if len(body) > 4096 {
		body = body[:4096]
	}
	var rows [][]string
	for i, line := range strings.Split(body, "\n") {
		if i == 40 {
			break
		}
		rows = append(rows, strings.SplitN(line, "|", 16))
	}
	return rows
}

// dataLines counts the rows the reader sees as data: a row that is not
// empty in every cell.
func dataLines(rows [][]string) int {
	n := 0
	for _, r := range rows {
		for _, c := range r {
			if NFC(c) != "" {
				n++
				break
			}
		}
	}
	return n
}

// fuzzCSV writes header and rows as a well-formed CSV (quoted by
// encoding/csv), so that every row is one record.
func fuzzCSV(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, r := range rows {
		w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}

// fuzzIngest is one warehouse and parser shared by a fuzzer's iterations.
type fuzzIngest struct {
	db  *sql.DB
	p   *Parser
	dir string
	n   atomic.Int64
}

func newFuzzIngest(f *testing.F) *fuzzIngest {
	db := newWarehouse(f)
	if err := EnsureSchema(context.Background(), db); err != nil {
		f.Fatal(err)
	}
	return &fuzzIngest{db: db, p: NewParser(data.MustLoad()), dir: f.TempDir()}
}

func (fi *fuzzIngest) count(t *testing.T, table string) int64 {
	t.Helper()
	var n int64
	if err := fi.db.QueryRow("select count(*) from raw." + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// ingest loads content as a file named like name with --allow-rejects.
// On an error it checks that nothing of the file loaded and that the
// ledger says it failed, and returns nil.
func (fi *fuzzIngest) ingest(t *testing.T, name string, content []byte, table string, kind string) *Result {
	t.Helper()
	path := filepath.Join(fi.dir, fmt.Sprintf("%d_%s", fi.n.Add(1), name))
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	defer os.Remove(rejectsPath(path))
	before := fi.count(t, table)
	res, err := fi.p.Ingest(context.Background(), fi.db, path, Options{AllowRejects: true, Kind: kind})
	if err != nil {
		if after := fi.count(t, table); after != before {
			t.Fatalf("a refused file loaded %d rows into raw.%s: %v", after-before, table, err)
		}
		var status string
		if qerr := fi.db.QueryRow(`select status from raw._loads order by load_id desc limit 1`).Scan(&status); qerr != nil || status != "failed" {
			t.Fatalf("a refused file's ledger row: %q, %v (error %v)", status, qerr, err)
		}
		return nil
	}
	if res.Skipped {
		return nil
	}
	var n int
	if err := fi.db.QueryRow("select count(*) from raw."+table+" where _load_id = ?", res.LoadID).Scan(&n); err != nil || n != res.Rows {
		t.Fatalf("raw.%s holds %d rows of load %d, the load says %d (%v)", table, n, res.LoadID, res.Rows, err)
	}
	return res
}

// accounted checks loaded + rejected (+ lines a note counts) = data lines.
func accounted(t *testing.T, res *Result, lines int) {
	t.Helper()
	noted := noteCount(res.Notes, "read as missing") + noteCount(res.Notes, "rows with a blank score cell") + noteCount(res.Notes, "continue a quoted multi-line cell")
	if res.Rows+res.Rejected+noted != lines {
		t.Fatalf("loaded %d + rejected %d + noted %d != %d data lines (notes %q)", res.Rows, res.Rejected, noted, lines, res.Notes)
	}
}

// knownUnit fails unless code is a province of set in year.
func knownUnit(t *testing.T, code, set string, year int) {
	t.Helper()
	u, err := cchc.Provinces().ResolveCode(code, cchc.UnitSet(set), year)
	if err != nil || string(u.Code) != code {
		t.Fatalf("loaded province %q on map %q in %d: %v", code, set, year, err)
	}
}

// count parses a stored count: a non-negative integer.
func storedCount(t *testing.T, what string, v sql.NullString) (int64, bool) {
	t.Helper()
	if !v.Valid || v.String == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v.String, 10, 64)
	if err != nil || n < 0 {
		t.Fatalf("loaded %s %q: not a non-negative integer", what, v.String)
	}
	return n, true
}

func storedYear(t *testing.T, v string) int {
	t.Helper()
	y, err := strconv.Atoi(v)
	if err != nil || y < 1990 || y > 2100 {
		t.Fatalf("loaded year %q", v)
	}
	return y
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a;b\n\"x\ny\";2\n", "a,b\n\"1,2\n3,4\n", "a\tb\n1\t2\t3\n", "\ufeffTỉnh,Năm\nHà Nội,2019\r\n", "a,b\n\"x \"\"y\"\"\",2\n,\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<14 {
			return
		}
		d, err := readDelimited(b)
		if err != nil {
			return
		}
		text, _ := DecodeText(b)
		text = strings.ReplaceAll(text, "\r\n", "\n")
		lines := strings.Split(text, "\n")
		if n := len(lines); n > 0 && lines[n-1] == "" {
			lines = lines[:n-1]
		}
		if len(d.rows) != len(d.lines) {
			t.Fatalf("%d rows, %d line numbers", len(d.rows), len(d.lines))
		}
		starts := map[int]bool{}
		prev := 0
		for i, l := range d.lines {
			if l <= prev || l > len(lines) {
				t.Fatalf("row %d starts on line %d (previous %d, %d lines)", i, l, prev, len(lines))
			}
			prev = l
			starts[l] = true
			for _, c := range d.rows[i] {
				if !norm.NFC.IsNormalString(c) {
					t.Fatalf("cell %q is not NFC", c)
				}
			}
		}
		broken := map[int]bool{}
		for _, e := range d.broken {
			if e.Row < 1 || e.Row > len(lines) || starts[e.Row] || broken[e.Row] {
				t.Fatalf("broken line %d (of %d) is also a row or named twice", e.Row, len(lines))
			}
			broken[e.Row] = true
		}
		if len(d.rows)+len(d.broken)+d.continued > len(lines) {
			t.Fatalf("%d rows + %d broken + %d continued > %d lines", len(d.rows), len(d.broken), d.continued, len(lines))
		}
		// a line that holds something other than delimiters, blanks and
		// quotes is a record, a broken line, or continues a record (or a
		// broken one) that started on a line with a quote
		quoted := false
		for i, l := range lines {
			n := i + 1
			if starts[n] || broken[n] {
				quoted = strings.Contains(l, `"`)
				continue
			}
			if strings.Trim(l, ",;\t \"") != "" && !quoted {
				t.Fatalf("line %d %q vanished: neither a record, a broken line nor a continuation\n%q", n, l, text)
			}
		}
	})
}

func FuzzXLSXSheet(f *testing.F) {
	f.Add("Hà Nội", "=1+1", 72.38)
	f.Add("Tỉnh\u0301", "1.234", -0.0)
	f.Add("  khoảng trắng ", "_x0041_", 1e300)
	f.Add("", "x\ny", 3.0)
	dir := f.TempDir()
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, a, b string, v float64) {
		for _, s := range []string{a, b} {
			// what Excel itself cannot hold: more than 32,767 characters, or
			// characters XML 1.0 forbids; and "_x0041_", which excelize
			// writes as it is but reads as the escape Excel means by it ("A")
			if utf8.RuneCountInString(s) > 32767 || strings.Contains(s, "_x") || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
				return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r < 0xE000
			}) {
				return
			}
		}
		x := excelize.NewFile()
		x.SetCellStr("Sheet1", "A1", "header")
		x.SetCellStr("Sheet1", "B1", a)
		x.SetCellStr("Sheet1", "A2", b)
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			x.SetCellFloat("Sheet1", "B2", v, -1, 64)
		}
		path := filepath.Join(dir, fmt.Sprintf("%d.xlsx", n.Add(1)))
		if err := x.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		tbl, err := ReadTable(path)
		if err != nil {
			t.Fatal(err)
		}
		sh := tbl.Sheets[0]
		get := func(r, c int) string {
			for i, l := range sh.Line {
				if l == r && c < len(sh.Rows[i]) {
					return sh.Rows[i][c]
				}
			}
			return ""
		}
		if got := get(1, 1); got != NFC(a) {
			t.Fatalf("text cell %q read back as %q", a, got)
		}
		if got := get(2, 0); got != NFC(b) {
			t.Fatalf("text cell %q read back as %q", b, got)
		}
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			got := get(2, 1)
			back, err := strconv.ParseFloat(got, 64)
			// Excel keeps 15 significant digits
			if err != nil || math.Abs(back-v) > 1e-14*math.Abs(v) {
				t.Fatalf("number %v read back as %q", v, got)
			}
			for i, l := range sh.Line {
				if l == 2 && !sh.IsTyped(i, 1) {
					t.Fatalf("number %v read back untyped", v)
				}
			}
		}
	})
}

func FuzzPAPIWorkbook(f *testing.F) {
	f.Add("PAPI_2019.xlsx", "Tỉnh/Thành phố|Tham gia của người dân ở cấp cơ sở|Công khai, minh bạch|Tổng điểm PAPI\nHà Nội|5.1|5.3|42.1\nĐà Nẵng|4.9|5.9|44\nTổng|x|y|z")
	f.Add("papi_2021_du_lieu.xlsx", "Tên tỉnh/thành phố|Thang điểm|Hà Nội|Đà Nẵng\nChỉ số nội dung 1: Tham gia của người dân ở cấp cơ sở|1-10 điểm|4.1|11\n1.1: Tri thức công dân|0.25-2.5 điểm|1|3")
	f.Add("PAPI_2011-2016.xlsx", "Năm|Tỉnh|D1|D2|D3|D4|D5|D6\n2015|Hà Nội|5|6|7|8|9|10\n2016|Hà Tây|5|6|7|8|9|10")
	p := NewParser(data.MustLoad())
	f.Fuzz(func(t *testing.T, name, a string) {
		sh := Sheet{Name: "Dữ liệu"}
		for i, r := range fuzzRows(a) {
			for j := range r {
				r[j] = NFC(r[j])
			}
			sh.Rows = append(sh.Rows, r)
			sh.Line = append(sh.Line, i+1)
		}
		parsed, err := p.ParseScores(&Table{File: name, Sheets: []Sheet{sh}}, "PAPI", 0)
		if err != nil {
			return
		}
		for _, r := range parsed.Records {
			if r.Index != "PAPI" || r.Year < 1990 || r.Year > 2100 || !r.HasScore {
				t.Fatalf("accepted %+v", r)
			}
			knownUnit(t, r.ProvinceCode, r.UnitSet, r.Year)
			if lo, hi, ok := p.headers.Scale("PAPI", r.Component, r.Year); !ok || r.Score < lo-0.01 || r.Score > hi+0.01 {
				t.Fatalf("accepted %v outside the scale %v-%v (known %v): %+v", r.Score, lo, hi, ok, r)
			}
		}
	})
}

func FuzzIndexScoresCSV(f *testing.F) {
	f.Add("Hà Nội|2019|PCI||60,5|1\nĐà Nẵng|2019|PCI||70.2|\nTP HCM|2019|PAPI|D1|5|\n|2019|PCI||61|")
	f.Add("Hà Tây|2007|PCI||55|3\nHà Nội|2026|PCI||60|\nBắc Kạn|2019|PCI|entry|7,5|")
	f.Add("x|y|z|w|KCDL|\n\" \"|2019|PCI||-|")
	fi := newFuzzIngest(f)
	header := []string{"province", "year", "index", "component", "score", "rank"}
	f.Fuzz(func(t *testing.T, body string) {
		rows := fuzzRows(body)
		res := fi.ingest(t, "scores.csv", fuzzCSV(header, rows), "index_scores", KindIndexScores)
		if res == nil {
			return
		}
		accounted(t, res, dataLines(rows))
		q, err := fi.db.Query(`select province_code, unit_set, year, index_id, coalesce(component, ''), score from raw.index_scores where _load_id = ?`, res.LoadID)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var code, set, year, index, comp, score string
			if err := q.Scan(&code, &set, &year, &index, &comp, &score); err != nil {
				t.Fatal(err)
			}
			y := storedYear(t, year)
			knownUnit(t, code, set, y)
			v, err := strconv.ParseFloat(score, 64)
			if err != nil {
				t.Fatalf("loaded score %q", score)
			}
			if lo, hi, ok := fi.p.headers.Scale(index, comp, y); !ok || v < lo-0.01 || v > hi+0.01 {
				t.Fatalf("loaded %s %s %d score %v outside %v-%v (known %v)", index, comp, y, v, lo, hi, ok)
			}
		}
	})
}

func FuzzTrainingClasses(f *testing.F) {
	f.Add("L1|Hà Nội|2023-03-01|2023-03-03|30|12\nL2|Quảng Ninh|01/02/2023||1.200|\nL3|Hà Tây|2023-01-01||5|9")
	f.Add("L1|Hà Nội|31/02/2023||3|\nL1|Hà Nội|2023-03-01||3|\nL9|Hà Nội|2023-03-05|2023-03-01|-2|")
	f.Add("A|Bắc Kạn|2025-08-01||10|10\nB|Bắc Kạn|2025-06-01|2025-07-15|1e3|")
	fi := newFuzzIngest(f)
	header := []string{"class_id", "province", "start_date", "end_date", "trainees", "trainees_female"}
	f.Fuzz(func(t *testing.T, body string) {
		rows := fuzzRows(body)
		res := fi.ingest(t, "lop.csv", fuzzCSV(header, rows), "training_classes", KindTrainingClasses)
		if res == nil {
			return
		}
		accounted(t, res, dataLines(rows))
		q, err := fi.db.Query(`select province_code, unit_set, year, start_date, end_date, trainees, trainees_female from raw.training_classes where _load_id = ?`, res.LoadID)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var code, set, year, start string
			var end, trainees, female sql.NullString
			if err := q.Scan(&code, &set, &year, &start, &end, &trainees, &female); err != nil {
				t.Fatal(err)
			}
			y := storedYear(t, year)
			knownUnit(t, code, set, y)
			s, err := time.Parse("2006-01-02", start)
			if err != nil || s.Year() != y {
				t.Fatalf("loaded start date %q in year %d", start, y)
			}
			if end.Valid && end.String != "" {
				e, err := time.Parse("2006-01-02", end.String)
				if err != nil || e.Before(s) {
					t.Fatalf("loaded end date %q after start %q", end.String, start)
				}
			}
			n, ok := storedCount(t, "trainees", trainees)
			if fn, fok := storedCount(t, "trainees_female", female); ok && fok && fn > n {
				t.Fatalf("loaded %d female of %d trainees", fn, n)
			}
		}
	})
}

var dossierStatColumns = []string{"received_total", "received_online", "received_direct", "resolved_total", "resolved_on_time", "resolved_late", "pending_total"}

func FuzzDossierStats(f *testing.F) {
	f.Add("Quảng Ninh|2023-Q1|Tỉnh|1.200|300|900|1.100|1.000|100|100\nHà Nội|Quý II/2023|huyện|5|1|4|5|5|0|0")
	f.Add("Tổng cộng|2023|||||||\nĐà Nẵng|2023-13|xã|1|1|0|1|1|0|0\nHà Nội|2023-Q1|Tỉnh|-1|0|0|0|0|0|0")
	f.Add("Hà Tây|2007|Tỉnh|1|1|0|1|1|0|0\nBắc Kạn|Tháng 8/2025|Tỉnh|2,5|1|1|1|1|0|0")
	fi := newFuzzIngest(f)
	header := append([]string{"province", "period", "level"}, dossierStatColumns...)
	f.Fuzz(func(t *testing.T, body string) {
		rows := fuzzRows(body)
		res := fi.ingest(t, "thong_ke.csv", fuzzCSV(header, rows), "dossier_stats", KindDossierStats)
		if res == nil {
			return
		}
		accounted(t, res, dataLines(rows))
		q, err := fi.db.Query(`select province_code, unit_set, year, period_type, period_no, `+strings.Join(dossierStatColumns, ", ")+` from raw.dossier_stats where _load_id = ?`, res.LoadID)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var code, set, year string
			var ptype, pno sql.NullString
			vals := make([]sql.NullString, len(dossierStatColumns))
			ptrs := []any{&code, &set, &year, &ptype, &pno}
			for i := range vals {
				ptrs = append(ptrs, &vals[i])
			}
			if err := q.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			y := storedYear(t, year)
			knownUnit(t, code, set, y)
			checkPeriod(t, ptype.String, pno.String)
			for i, v := range vals {
				storedCount(t, dossierStatColumns[i], v)
			}
		}
	})
}

// checkPeriod fails unless a stored period is a year, a quarter 1-4 or a
// month 1-12.
func checkPeriod(t *testing.T, ptype, pno string) {
	t.Helper()
	n, _ := strconv.Atoi(pno)
	switch {
	case ptype == "year" || ptype == "":
	case ptype == "quarter" && n >= 1 && n <= 4:
	case ptype == "month" && n >= 1 && n <= 12:
	default:
		t.Fatalf("loaded period %q %q", ptype, pno)
	}
}

func FuzzSatisfaction(f *testing.F) {
	f.Add("Hòa Bình|2018|1.760|86,76|12,89|0,34|0,01\nHà Nội|2023|100|50|50|0|0")
	f.Add("Hà Nội|2023|10|101|0|0|0\nĐà Nẵng|2023-Q2|5|-1|2|2|2\nHà Tây|2005|1|1|0|0|0")
	fi := newFuzzIngest(f)
	header := []string{"Tỉnh", "Kỳ báo cáo", "Số phiếu thu về", "Rất hài lòng (%)", "Hài lòng (%)", "Bình thường (%)", "Không hài lòng (%)"}
	f.Fuzz(func(t *testing.T, body string) {
		rows := fuzzRows(body)
		res := fi.ingest(t, "phieu.csv", fuzzCSV(header, rows), "satisfaction", KindSatisfaction)
		if res == nil {
			return
		}
		accounted(t, res, dataLines(rows))
		q, err := fi.db.Query(`select province_code, unit_set, year, period_type, period_no, measure, forms, very_satisfied, satisfied, neutral, dissatisfied from raw.satisfaction where _load_id = ?`, res.LoadID)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var code, set, year, measure string
			var ptype, pno, forms sql.NullString
			vals := make([]sql.NullString, 4)
			if err := q.Scan(&code, &set, &year, &ptype, &pno, &measure, &forms, &vals[0], &vals[1], &vals[2], &vals[3]); err != nil {
				t.Fatal(err)
			}
			y := storedYear(t, year)
			knownUnit(t, code, set, y)
			checkPeriod(t, ptype.String, pno.String)
			storedCount(t, "forms", forms)
			for _, v := range vals {
				if !v.Valid || v.String == "" {
					continue
				}
				x, err := strconv.ParseFloat(v.String, 64)
				if err != nil || x < 0 || measure == "percent" && x > 100 || math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("loaded %s %q", measure, v.String)
				}
				if measure == "count" && x != math.Trunc(x) {
					t.Fatalf("loaded count %q", v.String)
				}
			}
		}
	})
}

func FuzzDossierRecords(f *testing.F) {
	f.Add("H1|Hà Nội|Sở Tư pháp|Tỉnh|1.001230|Hộ tịch|Trực tuyến toàn trình|2023-03-01|2023-03-05|2023-03-04|Đúng hạn\nH2|Quảng Ninh|UBND|huyện|2.000|Đất đai|Trực tiếp|01/02/2023|10/02/2023||Đang xử lý")
	f.Add("H1|Hà Nội|A|Tỉnh|1|F|Trực tiếp|2023-02-30|2023-03-05||\nH1|Hà Nội|A|Tỉnh|1|F|Trực tiếp|2023-03-01|2023-02-05|2023-03-09|Trễ hạn\nH3|Hà Tây|A|Tỉnh|1|F|Trực tiếp|2007-03-01|2007-03-05||")
	f.Add("H4|Bắc Kạn|A|xã|1|F|Bưu chính công ích|2025-08-01|2025-08-05|2025-08-02|Trước hạn")
	fi := newFuzzIngest(f)
	header := []string{"dossier_id", "province", "agency", "level", "procedure_code", "field", "channel", "received_date", "due_date", "resolved_date", "status"}
	f.Fuzz(func(t *testing.T, body string) {
		rows := fuzzRows(body)
		res := fi.ingest(t, "ho_so.csv", fuzzCSV(header, rows), "dossier_records", KindDossierRecords)
		if res == nil {
			return
		}
		accounted(t, res, dataLines(rows))
		q, err := fi.db.Query(`select province_code, unit_set, received_date, due_date, resolved_date from raw.dossier_records where _load_id = ?`, res.LoadID)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var code, set string
			var received time.Time
			var due, resolved sql.NullTime
			if err := q.Scan(&code, &set, &received, &due, &resolved); err != nil {
				t.Fatal(err)
			}
			knownUnit(t, code, set, received.Year())
			if string(cchc.MapAt(received)) != set {
				t.Fatalf("a record received %v loaded on map %s", received, set)
			}
			if resolved.Valid && resolved.Time.Before(received) {
				t.Fatalf("loaded a record resolved %v before it was received %v", resolved.Time, received)
			}
		}
	})
}

func FuzzParsePeriodCells(f *testing.F) {
	f.Add("2024", "", "II", "")
	f.Add("2024", "", "", "12")
	f.Add("", "Quý III/2022", "", "")
	f.Add("2022", "2023-Q1", "", "")
	f.Add("2023", "", "", "13")
	f.Fuzz(func(t *testing.T, year, period, quarter, month string) {
		p, err := ParsePeriod(year, period, quarter, month)
		if err != nil {
			return
		}
		if p.Year < 1990 || p.Year > 2100 || (p.Type == "quarter" && (p.No < 1 || p.No > 4)) || (p.Type == "month" && (p.No < 1 || p.No > 12)) || (p.Type != "year" && p.Type != "quarter" && p.Type != "month") {
			t.Fatalf("ParsePeriod(%q, %q, %q, %q) = %+v", year, period, quarter, month, p)
		}
		// a year cell that states a year is the period's year
		if y, err := strconv.Atoi(strings.TrimSpace(year)); err == nil && y != p.Year {
			t.Fatalf("ParsePeriod(%q, %q, %q, %q) = %+v: not the year cell's year", year, period, quarter, month, p)
		}
		back, err := ParsePeriod("", p.String(), "", "")
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q, %q, %q, %q) = %v, which reads back as %v, %v", year, period, quarter, month, p, back, err)
		}
	})
}
