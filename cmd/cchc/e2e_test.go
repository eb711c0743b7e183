package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"cchc/internal/testutil"

	"cchc"
)

// cli runs cchc in-process and returns stdout, stderr and the exit code.
func cli(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func mustCLI(t testing.TB, args ...string) string {
	t.Helper()
	out, errs, code := cli(t, args...)
	if code != 0 {
		t.Fatalf("cchc %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// publishedPCIAsInput converts ../shared/data/published/pci.csv to the
// canonical long input (GSO code, year, index, component, score, rank):
// the official rank only where the source published one.
func publishedPCIAsInput(t testing.TB, dir string) (string, []map[string]string) {
	t.Helper()
	rows := testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "published", "pci.csv"))
	p := filepath.Join(dir, "pci_published.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"Mã tỉnh", "Năm", "Chỉ số", "Chỉ số thành phần", "Điểm", "Xếp hạng"})
	for _, r := range rows {
		comp := r["component_code"]
		if comp == "weighted" {
			comp = ""
		}
		rank := ""
		if r["rank_type"] == "official" {
			rank = r["rank"]
		}
		w.Write([]string{r["gso_code"], r["year"], "PCI", comp, r["value"], rank})
	}
	w.Flush()
	f.Close()
	return p, rows
}

// publishedPAPIAsInput converts papi.csv to canonical input, keeping only
// reported values: derived dimensions and totals are for cchc to derive.
func publishedPAPIAsInput(t testing.TB, dir string) (string, []map[string]string) {
	t.Helper()
	rows := testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "published", "papi.csv"))
	p := filepath.Join(dir, "papi_published.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"province_code", "year", "index", "component", "score"})
	for _, r := range rows {
		if r["value_type"] != "reported" {
			continue
		}
		w.Write([]string{r["gso_code"], r["year"], "PAPI", r["component_code"], r["value"]})
	}
	w.Flush()
	f.Close()
	return p, rows
}

// TestMain removes the shared published and demo warehouses after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if pubDB != "" {
		os.RemoveAll(filepath.Dir(pubDB))
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

var (
	pubOnce sync.Once
	pubDB   string
	pubPCI  []map[string]string
	pubPAPI []map[string]string
	pubErr  string
)

// publishedWarehouse loads the published PCI and PAPI panels once and builds.
func publishedWarehouse(t *testing.T) string {
	t.Helper()
	testutil.RequireShared(t)
	pubOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cchc-e2e-")
		if err != nil {
			pubErr = err.Error()
			return
		}
		pubDB = filepath.Join(dir, "published.duckdb")
		var pci, papi string
		pci, pubPCI = publishedPCIAsInput(t, dir)
		papi, pubPAPI = publishedPAPIAsInput(t, dir)
		for _, args := range [][]string{{"--db", pubDB, "ingest", pci, papi}, {"--db", pubDB, "build"}} {
			if _, errs, code := cli(t, args...); code != 0 {
				pubErr = strings.Join(args, " ") + ": " + errs
				return
			}
		}
	})
	if pubErr != "" {
		t.Fatal(pubErr)
	}
	return pubDB
}

type rankOut struct {
	Rank          int      `json:"rank"`
	NRanked       int      `json:"n_ranked"`
	ProvinceCode  string   `json:"province_code"`
	Province      string   `json:"province"`
	Score         float64  `json:"score"`
	OfficialRank  *int     `json:"official_rank"`
	RankDisagrees bool     `json:"rank_disagrees"`
	RankChange    *int     `json:"rank_change"`
	Percentile    float64  `json:"percentile"`
	GapToLeader   float64  `json:"gap_to_leader"`
	GapToMedian   float64  `json:"gap_to_median"`
	Group         *string  `json:"group"`
	Derived       bool     `json:"derived"`
	Illustrative  bool     `json:"illustrative"`
	Extra         struct{} `json:"-"`
}

func rankJSONOf(t *testing.T, db string, args ...string) []rankOut {
	t.Helper()
	out := mustCLI(t, append([]string{"--db", db, "rank", "--format", "json"}, args...)...)
	var rows []rankOut
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("rank json: %v\n%s", err, out)
	}
	return rows
}

func TestPCIRanksFromScoresEqualOfficialRanks2012to2016(t *testing.T) {
	db := publishedWarehouse(t)
	for year := 2012; year <= 2016; year++ {
		rows := rankJSONOf(t, db, "--index", "PCI", "--year", strconv.Itoa(year))
		if len(rows) != 63 {
			t.Fatalf("PCI %d: %d rows, want 63", year, len(rows))
		}
		for _, r := range rows {
			if r.OfficialRank == nil || *r.OfficialRank != r.Rank || r.RankDisagrees {
				t.Errorf("PCI %d %s: computed rank %d, official %v", year, r.Province, r.Rank, r.OfficialRank)
			}
		}
	}
}

func TestPCI2011KeepsOfficialRankAndShowsTheDisagreement(t *testing.T) {
	db := publishedWarehouse(t)
	rows := rankJSONOf(t, db, "--index", "PCI", "--year", "2011")
	official := map[string]int{}
	for _, r := range pubPCI {
		if r["year"] == "2011" && r["component_code"] == "weighted" {
			official[r["gso_code"]], _ = strconv.Atoi(r["rank"])
		}
	}
	disagree := 0
	for _, r := range rows {
		if r.OfficialRank == nil || *r.OfficialRank != official[r.ProvinceCode] {
			t.Errorf("PCI 2011 %s: official rank %v, published %d", r.Province, r.OfficialRank, official[r.ProvinceCode])
		}
		if r.RankDisagrees {
			disagree++
			if r.Rank == *r.OfficialRank {
				t.Errorf("%s flagged but ranks agree", r.Province)
			}
		}
	}
	if disagree == 0 {
		t.Error("no disagreement shown for PCI 2011, where scores published to 2 decimals tie")
	}
	table := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2011")
	if !strings.Contains(table, "≠") || !strings.Contains(table, "official rank kept") {
		t.Errorf("table does not show the disagreement:\n%s", table)
	}
}

func TestPAPITotalsEqualTheSumOfDimensions2018to2023(t *testing.T) {
	db := publishedWarehouse(t)
	conn, err := cchc.Open(context.Background(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// the published totals (reported or derived by the source) per province-year
	want := map[string]float64{}
	for _, r := range pubPAPI {
		if r["component_code"] == "TOTAL" {
			v, _ := strconv.ParseFloat(r["value"], 64)
			want[r["year"]+"|"+r["gso_code"]] = v
		}
	}
	rows, err := conn.Query(`
		select t.year, t.province_code, t.score, t.value_type, sum(d.score), count(d.score)
		from core.fct_index_score t
		join core.fct_index_score d on d.index_id = t.index_id and d.year = t.year and d.province_code = t.province_code
		  and d.component_code in ('D1','D2','D3','D4','D5','D6','D7','D8')
		where t.index_id = 'PAPI' and t.component_code = 'TOTAL' and t.year between 2018 and 2023
		group by all order by all`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, derived := 0, 0
	for rows.Next() {
		var year, dims int
		var code, vt string
		var total, sum float64
		if err := rows.Scan(&year, &code, &total, &vt, &sum, &dims); err != nil {
			t.Fatal(err)
		}
		n++
		if dims != 8 || math.Abs(total-sum) > 0.01 {
			t.Errorf("PAPI %d %s: total %.6f, sum of %d dimensions %.6f", year, code, total, dims, sum)
		}
		if vt != "reported" {
			derived++
		}
		if w, ok := want[strconv.Itoa(year)+"|"+code]; !ok || math.Abs(w-total) > 1e-4 {
			t.Errorf("PAPI %d %s: total %.6f, published %.6f (%v)", year, code, total, w, ok)
		}
	}
	if n < 6*58 {
		t.Errorf("only %d PAPI totals for 2018-2023", n)
	}
	if derived == 0 {
		t.Error("no total was derived: 2020 and 2021 are published as sub-dimensions only")
	}
}

func TestRankJSONShape(t *testing.T) {
	db := publishedWarehouse(t)
	out := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2019", "--top", "3", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("--top 3 gave %d rows", len(rows))
	}
	for _, key := range []string{"rank", "province_code", "province", "score", "rank_change", "group", "official_rank", "percentile", "gap_to_leader", "gap_to_median"} {
		if _, ok := rows[0][key]; !ok {
			t.Errorf("rank json lacks %q: %v", key, rows[0])
		}
	}
	if code, ok := rows[0]["province_code"].(string); !ok || len(code) != 2 {
		t.Errorf("province_code = %#v, want a 2-digit string", rows[0]["province_code"])
	}
	// PCI 2019 leader: Quảng Ninh (published).
	if rows[0]["province"] != "Quảng Ninh" || rows[0]["rank"].(float64) != 1 || rows[0]["gap_to_leader"].(float64) != 0 {
		t.Errorf("first row = %v", rows[0])
	}
}

func TestRankChangeGroupAndTies(t *testing.T) {
	db := publishedWarehouse(t)
	rows19 := rankJSONOf(t, db, "--index", "PCI", "--year", "2019")
	rows18 := rankJSONOf(t, db, "--index", "PCI", "--year", "2018")
	prev := map[string]int{}
	for _, r := range rows18 {
		prev[r.ProvinceCode] = r.Rank
	}
	for _, r := range rows19 {
		if r.RankChange == nil || *r.RankChange != prev[r.ProvinceCode]-r.Rank {
			t.Errorf("%s rank change %v, want %d", r.Province, r.RankChange, prev[r.ProvinceCode]-r.Rank)
		}
		if r.Group == nil {
			t.Errorf("%s has no PCI tier", r.Province)
		}
	}
	// competition ranking: ties share a rank and the next rank skips
	for i := 1; i < len(rows19); i++ {
		a, b := rows19[i-1], rows19[i]
		if a.Score == b.Score && a.Rank != b.Rank || a.Score > b.Score && b.Rank != i+1 {
			t.Errorf("ranks %d (%v) and %d (%v) break competition ranking", a.Rank, a.Score, b.Rank, b.Score)
		}
	}
	// PAPI quartile groups: about a quarter each
	papi := rankJSONOf(t, db, "--index", "PAPI", "--year", "2019")
	count := map[string]int{}
	for _, r := range papi {
		count[*r.Group]++
	}
	for g, n := range count {
		if n < 14 || n > 18 {
			t.Errorf("PAPI 2019 group %s has %d provinces, want about 16", g, n)
		}
	}
}

func TestCompareRefusesThePAPI2018BreakAndFlagsWithAllowBreaks(t *testing.T) {
	db := publishedWarehouse(t)
	_, errs, code := cli(t, "--db", db, "compare", "--index", "PAPI", "--provinces", "Quảng Ninh,Hà Nội", "--from", "2016", "--to", "2019")
	if code == 0 || !strings.Contains(errs, "2018") || !strings.Contains(errs, "--allow-breaks") {
		t.Errorf("compare across 2018: exit %d, stderr %q", code, errs)
	}
	// the flagged comparison and the one after the break are whole-output
	// cases: testdata/compare/published_allow_breaks, testdata/compare/published_papi_2018_2023
	// json: one row per province and year with rank out of the number ranked
	js := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Tp.HCM,Đà Nẵng", "--from", "2014", "--to", "2016", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("compare json rows = %d, want 6", len(rows))
	}
	for _, r := range rows {
		if !strings.HasSuffix(r["rank_of"].(string), "/63") {
			t.Errorf("rank_of = %v", r["rank_of"])
		}
	}
}

func TestChartRankSVGHasEscapedVietnameseLabels(t *testing.T) {
	db := publishedWarehouse(t)
	p := filepath.Join(t.TempDir(), "pci2019.svg")
	mustCLI(t, "--db", db, "chart", "rank", "--index", "PCI", "--year", "2019", "--highlight", "Quảng Ninh,Hà Nội", "-o", p)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	for _, label := range []string{"Quảng Ninh", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế", "PCI 2019"} {
		if !strings.Contains(svg, label) {
			t.Errorf("SVG lacks %q", label)
		}
	}
	png := filepath.Join(t.TempDir(), "pci2019.png")
	mustCLI(t, "--db", db, "chart", "rank", "--index", "PCI", "--year", "2019", "-o", png)
	if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("PNG not written: %v", err)
	}
}

func TestProvinceNamesSortWithVietnameseCollation(t *testing.T) {
	db := publishedWarehouse(t)
	out := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Quảng Ninh,Điện Biên,Đà Nẵng,Bắc Ninh,Yên Bái", "--from", "2015", "--to", "2016", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows[:5] {
		names = append(names, r["province"].(string))
	}
	// Vietnamese order: B < D < Đ < Q < Y, and Đà before Điện (a < i).
	if got := strings.Join(names, ","); got != "Bắc Ninh,Đà Nẵng,Điện Biên,Quảng Ninh,Yên Bái" {
		t.Errorf("order = %s", got)
	}
}

func TestOfficialPAPIDataSheetKeepsConfidenceBounds(t *testing.T) {
	shared := testutil.RequireShared(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	out := mustCLI(t, "--db", db, "ingest", "--index", "PAPI", filepath.Join(shared, "data", "official", "PAPI_2019_datasheet_vn.xlsx"))
	if !strings.Contains(out, "indicator rows") {
		t.Errorf("ingest did not report the skipped indicator rows:\n%s", out)
	}
	mustCLI(t, "--db", db, "build")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "rank", "--index", "PAPI", "--year", "2019", "--format", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 63 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		lo, ok1 := r["ci_lower"].(float64)
		hi, ok2 := r["ci_upper"].(float64)
		s := r["score"].(float64)
		if !ok1 || !ok2 || lo > s || s > hi {
			t.Errorf("%v: score %v, bounds %v %v", r["province"], s, r["ci_lower"], r["ci_upper"])
		}
	}
}
