package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"cchc/data"
)

const nProvinces = 63

var allYears = []int{2019, 2020, 2021, 2022, 2023, 2024}

// generate runs Generate into a fresh temporary directory.
func generate(t *testing.T) (string, []File) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sample") // not yet existing: Generate creates it
	files, err := Generate(dir)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, files
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// component returns the reference row of index's code valid in year; code
// "" is the total.
func component(t *testing.T, index, code string, year int) (data.Component, bool) {
	t.Helper()
	if code == "" {
		code = "TOTAL"
	}
	for _, c := range data.MustLoad().ComponentsOf(index, year) {
		if c.Code == code {
			return c, true
		}
	}
	return data.Component{}, false
}

// checkInScale fails unless v lies within the scale of index's code in year.
func checkInScale(t *testing.T, where, index, code string, year int, v float64) {
	t.Helper()
	c, ok := component(t, index, code, year)
	if !ok {
		t.Errorf("%s: %s component %q is not defined in %d", where, index, code, year)
		return
	}
	lo, hi, err := parseScale(c)
	if err != nil {
		t.Fatal(err)
	}
	if v < lo || v > hi {
		t.Errorf("%s: %s %s %d = %v outside its scale [%v, %v]", where, index, c.Code, year, v, lo, hi)
	}
}

// checkRanks fails unless ranks are competition ranks of scores (1 = best,
// ties share a rank).
func checkRanks(t *testing.T, what string, scores []float64, ranks []int) {
	t.Helper()
	for i := range scores {
		want := 1
		for j := range scores {
			if math.Round(scores[j]*100) > math.Round(scores[i]*100) {
				want++
			}
		}
		if ranks[i] != want {
			t.Errorf("%s: score %.2f has rank %d, want %d", what, scores[i], ranks[i], want)
		}
	}
}

func checkNFC(t *testing.T, what string, s string) {
	t.Helper()
	if !norm.NFC.IsNormalString(s) {
		t.Errorf("%s is not NFC", what)
	}
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func TestGenerateFiles(t *testing.T) {
	dir, files := generate(t)
	want := []struct{ name, index, format string }{
		{"pci_2019-2024.csv", "PCI", "long"},
		{"papi_2019-2024_rong.xlsx", "PAPI", "wide"},
		{"par_index_2019-2024.csv", "PAR", "long"},
		{"sipas_2019-2024.txt", "SIPAS", "wide"},
	}
	if len(files) != len(want) {
		t.Fatalf("got %d files, want %d", len(files), len(want))
	}
	for i, w := range want {
		f := files[i]
		if f.Path != filepath.Join(dir, w.name) || f.Index != w.index || f.Format != w.format {
			t.Errorf("file %d = %+v, want %s %s %s", i, f, w.name, w.index, w.format)
		}
		if !slices.Equal(f.Years, allYears) {
			t.Errorf("%s years = %v", w.name, f.Years)
		}
		if st, err := os.Stat(f.Path); err != nil || st.Size() == 0 {
			t.Errorf("%s: not written (%v)", w.name, err)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	dir1, files1 := generate(t)
	dir2, files2 := generate(t)
	if len(files1) != len(files2) {
		t.Fatalf("%d files, then %d", len(files1), len(files2))
	}
	for i := range files1 {
		a, b := files1[i], files2[i]
		name := filepath.Base(a.Path)
		if name != filepath.Base(b.Path) || a.Index != b.Index || a.Format != b.Format || !slices.Equal(a.Years, b.Years) {
			t.Errorf("file %d differs: %+v vs %+v", i, a, b)
		}
		if !bytes.Equal(readFile(t, dir1, name), readFile(t, dir2, name)) {
			t.Errorf("%s: two runs wrote different bytes", name)
		}
	}
	// Generating again into the same directory overwrites with the same bytes.
	before := readFile(t, dir1, PAPIFile)
	if _, err := Generate(dir1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, readFile(t, dir1, PAPIFile)) {
		t.Error("regenerating into the same directory changed the PAPI workbook")
	}
}

// longRow is one row of a long file, parsed.
type longRow struct {
	province  string
	year      int
	index     string
	component string
	score     float64
	rank      string
}

func parseLong(t *testing.T, name string, rows [][]string, decimal string) []longRow {
	t.Helper()
	var out []longRow
	for i, r := range rows {
		if len(r) != 6 {
			t.Fatalf("%s row %d has %d fields", name, i+2, len(r))
		}
		year, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatalf("%s row %d: year %q", name, i+2, r[1])
		}
		s := r[4]
		if decimal == "," {
			if strings.Contains(s, ".") {
				t.Fatalf("%s row %d: score %q uses a dot", name, i+2, s)
			}
			s = strings.Replace(s, ",", ".", 1)
		} else if strings.Contains(s, ",") {
			t.Fatalf("%s row %d: score %q uses a comma", name, i+2, s)
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s row %d: score %q", name, i+2, r[4])
		}
		for j, c := range r {
			checkNFC(t, fmt.Sprintf("%s row %d field %d", name, i+2, j+1), c)
		}
		out = append(out, longRow{r[0], year, r[2], r[3], v, r[5]})
	}
	return out
}

// checkCoverage fails unless every (province, year) pair appears exactly once
// among the given (province, year) keys: 63 provinces x 6 years.
func checkCoverage(t *testing.T, name string, keys [][2]string) {
	t.Helper()
	seen := map[[2]string]bool{}
	perYear := map[string]int{}
	names := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("%s: %s %s appears twice", name, k[0], k[1])
		}
		seen[k] = true
		perYear[k[1]]++
		names[k[0]] = true
	}
	if len(names) != nProvinces {
		t.Errorf("%s: %d provinces, want %d", name, len(names), nProvinces)
	}
	for _, y := range allYears {
		if n := perYear[strconv.Itoa(y)]; n != nProvinces {
			t.Errorf("%s: %d provinces in %d, want %d", name, n, y, nProvinces)
		}
	}
	if len(keys) != nProvinces*len(allYears) {
		t.Errorf("%s: %d province-years, want %d", name, len(keys), nProvinces*len(allYears))
	}
}

var pciWeights = map[string]float64{
	"entry": 5, "land": 5, "transparency": 20, "time": 5, "informal": 10,
	"bias": 5, "proactive": 5, "support": 20, "labor": 20, "legal": 5,
}

func TestPCI(t *testing.T) {
	dir, _ := generate(t)
	b := readFile(t, dir, PCIFile)
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("PCI file has a BOM")
	}
	if bytes.Contains(b, []byte("\r")) {
		t.Error("PCI file has CR line ends")
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "province,year,index,component,score,rank" {
		t.Fatalf("header %q", got)
	}
	rows := parseLong(t, PCIFile, recs[1:], ".")

	type key struct {
		prov string
		year int
	}
	overall := map[key]float64{}
	subs := map[key]map[string]float64{}
	var keys [][2]string
	byYear := map[int][]float64{}
	ranksByYear := map[int][]int{}
	for i, r := range rows {
		where := fmt.Sprintf("PCI row %d", i+2)
		if r.index != "PCI" {
			t.Fatalf("%s: index %q", where, r.index)
		}
		if slices.Contains([]string{"implement", "unweighted", "TOTAL"}, r.component) {
			t.Errorf("%s: component %q must not appear", where, r.component)
		}
		checkInScale(t, where, "PCI", r.component, r.year, r.score)
		k := key{r.province, r.year}
		dec := ""
		if _, d, ok := strings.Cut(recs[i+1][4], "."); ok {
			dec = d
		}
		if r.component == "" {
			if len(dec) != 2 {
				t.Errorf("%s: overall %q needs 2 decimals", where, recs[i+1][4])
			}
			rank, err := strconv.Atoi(r.rank)
			if err != nil {
				t.Errorf("%s: overall rank %q", where, r.rank)
			}
			overall[k] = r.score
			keys = append(keys, [2]string{r.province, strconv.Itoa(r.year)})
			byYear[r.year] = append(byYear[r.year], r.score)
			ranksByYear[r.year] = append(ranksByYear[r.year], rank)
			if r.score < 50 || r.score > 80 {
				t.Errorf("%s: overall %v is not a realistic PCI", where, r.score)
			}
			continue
		}
		if len(dec) != 3 {
			t.Errorf("%s: sub-index %q needs 3 decimals", where, recs[i+1][4])
		}
		if r.rank != "" {
			t.Errorf("%s: sub-index has rank %q", where, r.rank)
		}
		if r.score < 2.5 || r.score > 9.7 {
			t.Errorf("%s: %s %v is not a realistic sub-index", where, r.component, r.score)
		}
		if subs[k] == nil {
			subs[k] = map[string]float64{}
		}
		subs[k][r.component] = r.score
	}
	checkCoverage(t, "PCI", keys)
	for k, o := range overall {
		var sum, wsum float64
		for code, v := range subs[k] {
			w, ok := pciWeights[code]
			if !ok {
				t.Errorf("%v: unexpected sub-index %q", k, code)
			}
			sum += w * v
			wsum += w
		}
		if len(subs[k]) != 10 || wsum != 100 {
			t.Errorf("%v: %d sub-indices, weights %v", k, len(subs[k]), wsum)
			continue
		}
		if got := sum / 10; math.Abs(got-o) > 0.006 {
			t.Errorf("%v: overall %.2f, weighted mean of sub-indices %.4f", k, o, got)
		}
	}
	for _, y := range allYears {
		checkRanks(t, fmt.Sprintf("PCI %d", y), byYear[y], ranksByYear[y])
		if m := mean(byYear[y]); m < 60 || m > 70 {
			t.Errorf("PCI %d mean %.2f is not realistic", y, m)
		}
	}
	if mean(byYear[2024]) <= mean(byYear[2019]) {
		t.Errorf("PCI does not trend upward: %.2f in 2019, %.2f in 2024", mean(byYear[2019]), mean(byYear[2024]))
	}
	// The province spellings found in the wild are used.
	for _, v := range []string{"TP.HCM", "TT-Huế", "BR-VT", "Đắc Lắc"} {
		if _, ok := overall[key{v, 2024}]; !ok {
			t.Errorf("PCI file does not spell a province %q", v)
		}
	}
}

func TestPAPI(t *testing.T) {
	dir, _ := generate(t)
	f, err := excelize.OpenFile(filepath.Join(dir, PAPIFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"PAPI"}) {
		t.Fatalf("sheets %v, want [PAPI]", got)
	}
	const sh = "PAPI"
	merged, err := f.GetMergeCells(sh)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetCellValue() != "Chỉ số PAPI 2019-2024 (dữ liệu minh họa)" {
		t.Fatalf("title merge: %v", merged)
	}
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, c := range rows[1] {
		if c != "" {
			t.Errorf("row 2 is not blank: %q", rows[1])
			break
		}
	}
	header := rows[2]
	if len(header) < 2 || header[0] != "Tỉnh/Thành phố" || header[1] != "Năm" {
		t.Fatalf("header %q", header)
	}
	cols := header[2:]
	if merged[0].GetEndAxis() != mustCell(t, len(header), 1) {
		t.Errorf("title merged to %s, want across all %d columns", merged[0].GetEndAxis(), len(header))
	}
	// Expected columns: the dimensions and every sub-dimension valid in some
	// year of 2019-2024, no total.
	var want []string
	for _, c := range data.MustLoad().ComponentsOf("PAPI", 0) {
		if (c.Level == "dimension" || c.Level == "subdimension") && !slices.Contains(want, c.Code) {
			for _, y := range allYears {
				if c.ValidIn(y) {
					want = append(want, c.Code)
					break
				}
			}
		}
	}
	if got, w := slices.Sorted(slices.Values(cols)), slices.Sorted(slices.Values(want)); !slices.Equal(got, w) {
		t.Fatalf("value columns %q, want %q", got, w)
	}
	for _, c := range cols {
		if c == "TOTAL" || c == "TOTAL_W" {
			t.Errorf("total column %q", c)
		}
	}

	var keys [][2]string
	dimsByYear := map[string][]float64{}
	for i, r := range rows[3:] {
		line := i + 4
		where := fmt.Sprintf("PAPI row %d", line)
		if len(r) < 2 || r[0] == "" {
			t.Fatalf("%s: %q", where, r)
		}
		checkNFC(t, where, r[0])
		year, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatalf("%s: year %q", where, r[1])
		}
		keys = append(keys, [2]string{r[0], r[1]})
		values := map[string]float64{}
		for j, code := range cols {
			v := ""
			if 2+j < len(r) {
				v = r[2+j]
			}
			comp, valid := component(t, "PAPI", code, year)
			if !valid {
				if v != "" {
					t.Errorf("%s: %s is not part of PAPI %d but holds %q", where, code, year, v)
				}
				continue
			}
			if v == "" {
				t.Errorf("%s: %s is empty", where, code)
				continue
			}
			cell := mustCell(t, 3+j, line)
			if ct, err := f.GetCellType(sh, cell); err != nil || (ct != excelize.CellTypeNumber && ct != excelize.CellTypeUnset) {
				t.Errorf("%s: %s is not a numeric cell (%v, %v)", where, cell, ct, err)
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Errorf("%s: %s = %q", where, code, v)
				continue
			}
			if x != round(x, 4) {
				t.Errorf("%s: %s = %v has more than 4 decimals", where, code, x)
			}
			checkInScale(t, where, "PAPI", code, year, x)
			values[code] = x
			if comp.Level == "dimension" {
				dimsByYear[fmt.Sprintf("%s %d", code, year)] = append(dimsByYear[fmt.Sprintf("%s %d", code, year)], x)
				lo, hi := 3.0, 8.6
				if code == "D7" || code == "D8" {
					lo, hi = 2.0, 5.8
				}
				if x < lo || x > hi {
					t.Errorf("%s: %s = %v is not realistic", where, code, x)
				}
			}
		}
		// Each dimension is the sum of its sub-dimensions valid that year.
		for _, c := range data.MustLoad().ComponentsOf("PAPI", year) {
			if c.Level != "dimension" {
				continue
			}
			var sum float64
			n := 0
			for _, s := range data.MustLoad().ComponentsOf("PAPI", year) {
				if s.Parent == c.Code {
					sum += values[s.Code]
					n++
				}
			}
			if n == 0 || math.Abs(sum-values[c.Code]) > 1e-9 {
				t.Errorf("%s: %s = %v, sum of its %d sub-dimensions %v", where, c.Code, values[c.Code], n, sum)
			}
		}
		if year >= 2021 {
			if _, ok := values["D5.2"]; ok {
				t.Errorf("%s: D5.2 filled in %d", where, year)
			}
		}
	}
	checkCoverage(t, "PAPI", keys)
	if d8a, d8b := mean(dimsByYear["D8 2019"]), mean(dimsByYear["D8 2024"]); d8b <= d8a {
		t.Errorf("e-governance does not improve: %.2f in 2019, %.2f in 2024", d8a, d8b)
	}
}

func mustCell(t *testing.T, col, row int) string {
	t.Helper()
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPAR(t *testing.T) {
	dir, _ := generate(t)
	b := readFile(t, dir, PARFile)
	bom := []byte{0xEF, 0xBB, 0xBF}
	if !bytes.HasPrefix(b, bom) {
		t.Fatal("PAR file does not start with the UTF-8 BOM")
	}
	b = b[len(bom):]
	firstLine, _, _ := strings.Cut(string(b), "\n")
	if firstLine != "Tỉnh/Thành phố;Năm;Chỉ số;Chỉ số thành phần;Điểm;Xếp hạng" {
		t.Fatalf("header %q", firstLine)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := parseLong(t, PARFile, recs[1:], ",")
	var keys [][2]string
	totals := map[int][]float64{}
	ranks := map[int][]int{}
	comps := map[string]int{}
	for i, r := range rows {
		where := fmt.Sprintf("PAR row %d", i+2)
		if r.index != "Chỉ số CCHC" {
			t.Fatalf("%s: index %q", where, r.index)
		}
		if _, dec, _ := strings.Cut(recs[i+1][4], ","); len(dec) != 2 {
			t.Errorf("%s: score %q needs 2 decimals after a comma", where, recs[i+1][4])
		}
		checkInScale(t, where, "PAR", r.component, r.year, r.score)
		if r.component == "" {
			rank, err := strconv.Atoi(r.rank)
			if err != nil {
				t.Errorf("%s: rank %q", where, r.rank)
			}
			keys = append(keys, [2]string{r.province, strconv.Itoa(r.year)})
			totals[r.year] = append(totals[r.year], r.score)
			ranks[r.year] = append(ranks[r.year], rank)
			if r.score < 75 || r.score > 96 {
				t.Errorf("%s: total %v is not realistic", where, r.score)
			}
			continue
		}
		comps[r.component]++
		if r.rank != "" {
			t.Errorf("%s: component has rank %q", where, r.rank)
		}
		if r.score < 70 || r.score > 99 {
			t.Errorf("%s: %s %v outside 70-99", where, r.component, r.score)
		}
	}
	checkCoverage(t, "PAR", keys)
	for _, c := range []string{"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"} {
		if comps[c] != nProvinces*len(allYears) {
			t.Errorf("PAR %s: %d rows", c, comps[c])
		}
	}
	for _, y := range allYears {
		checkRanks(t, fmt.Sprintf("PAR %d", y), totals[y], ranks[y])
	}
	if m := mean(totals[2024]); math.Abs(m-88.37) > 0.005 {
		t.Errorf("PAR 2024 mean %.4f, want 88.37", m)
	}
}

func TestSIPAS(t *testing.T) {
	dir, _ := generate(t)
	b := readFile(t, dir, SIPASFile)
	if !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		t.Fatal("SIPAS file does not start with FF FE")
	}
	u, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	text := string(u)
	if !strings.HasSuffix(text, "\r\n") || strings.Count(text, "\n") != strings.Count(text, "\r\n") {
		t.Error("SIPAS lines do not all end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	if lines[0] != "Province\tYear\tTOTAL\tE1\tE2\tE3\tE4\tE5" {
		t.Fatalf("header %q", lines[0])
	}
	var keys [][2]string
	totals := map[int][]float64{}
	for i, l := range lines[1:] {
		where := fmt.Sprintf("SIPAS line %d", i+2)
		f := strings.Split(l, "\t")
		if len(f) != 8 {
			t.Fatalf("%s: %d fields", where, len(f))
		}
		for _, c := range f[0] {
			if c > 0x7F {
				t.Errorf("%s: province %q is not ASCII", where, f[0])
				break
			}
		}
		year, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("%s: year %q", where, f[1])
		}
		keys = append(keys, [2]string{f[0], f[1]})
		var v [6]float64
		for j := range v {
			s := f[2+j]
			if _, dec, ok := strings.Cut(s, "."); !ok || len(dec) != 2 {
				t.Errorf("%s: %q needs 2 decimals after a dot", where, s)
			}
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s: %q", where, s)
			}
			code := []string{"TOTAL", "E1", "E2", "E3", "E4", "E5"}[j]
			checkInScale(t, where, "SIPAS", code, year, v[j])
			if v[j] < 75 || v[j] > 95 {
				t.Errorf("%s: %s %v outside 75-95", where, code, v[j])
			}
		}
		if m := mean(v[1:]); math.Abs(m-v[0]) > 0.005+1e-9 {
			t.Errorf("%s: TOTAL %.2f, mean of E1..E5 %.4f", where, v[0], m)
		}
		totals[year] = append(totals[year], v[0])
	}
	checkCoverage(t, "SIPAS", keys)
	for _, tc := range []struct {
		year int
		want float64
	}{{2023, 82.7}, {2024, 83.9}} {
		if m := mean(totals[tc.year]); math.Abs(m-tc.want) > 0.05 {
			t.Errorf("SIPAS %d mean %.3f, want about %.1f", tc.year, m, tc.want)
		}
	}
}

// TestSharedQuality checks that the indices agree on which provinces do
// well: province means over the years correlate positively between indices.
func TestSharedQuality(t *testing.T) {
	dir, _ := generate(t)
	m := newModel(data.MustLoad())
	byName := func(name func(data.Province) string) map[string]int {
		out := map[string]int{}
		for i, p := range m.provs {
			out[name(p)] = i
		}
		return out
	}
	// PCI overall and PAR total, per province.
	pci := make([]float64, len(m.provs))
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, dir, PCIFile))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pciIdx := byName(pciVariant)
	for _, r := range recs[1:] {
		if r[3] == "" {
			v, _ := strconv.ParseFloat(r[4], 64)
			pci[pciIdx[r[0]]] += v
		}
	}
	par := make([]float64, len(m.provs))
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(readFile(t, dir, PARFile), []byte{0xEF, 0xBB, 0xBF})))
	rd.Comma = ';'
	recs, err = rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	parIdx := byName(func(p data.Province) string { return p.Name })
	for _, r := range recs[1:] {
		if r[3] == "" {
			v, _ := strconv.ParseFloat(strings.Replace(r[4], ",", ".", 1), 64)
			par[parIdx[r[0]]] += v
		}
	}
	if c := correlation(pci, par); c < 0.2 {
		t.Errorf("PCI and PAR province means correlate at %.2f, want a clear positive correlation", c)
	}
}

func correlation(a, b []float64) float64 {
	ma, mb := mean(a), mean(b)
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

func TestCompetitionRanks(t *testing.T) {
	for _, tc := range []struct {
		scores []float64
		want   []int
	}{
		{[]float64{70, 65.5, 65.5, 60}, []int{1, 2, 2, 4}},
		{[]float64{60, 70, 65.504, 65.496}, []int{4, 1, 2, 2}}, // equal at 2 decimals
		{[]float64{1}, []int{1}},
		{nil, []int{}},
	} {
		if got := competitionRanks(tc.scores, 2); !slices.Equal(got, tc.want) {
			t.Errorf("competitionRanks(%v) = %v, want %v", tc.scores, got, tc.want)
		}
	}
}

func TestSoftBound(t *testing.T) {
	for _, tc := range []struct{ x, lo, hi, margin float64 }{
		{-100, 70, 99, 2.5}, {50, 70, 99, 2.5}, {71, 70, 99, 2.5}, {85, 70, 99, 2.5},
		{98, 70, 99, 2.5}, {1000, 70, 99, 2.5}, {0, 0.25, 2.5, 0.2},
	} {
		got := softBound(tc.x, tc.lo, tc.hi, tc.margin)
		if got < tc.lo || got > tc.hi {
			t.Errorf("softBound(%v, %v, %v) = %v, outside", tc.x, tc.lo, tc.hi, got)
		}
		if tc.x > tc.lo-10*tc.margin && tc.x < tc.hi+10*tc.margin && (got <= tc.lo || got >= tc.hi) {
			t.Errorf("softBound(%v, %v, %v) = %v, on a bound", tc.x, tc.lo, tc.hi, got)
		}
		if tc.x > tc.lo+tc.margin && tc.x < tc.hi-tc.margin && got != tc.x {
			t.Errorf("softBound(%v) = %v, want unchanged", tc.x, got)
		}
	}
}
