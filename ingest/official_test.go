package ingest

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"cchc/data"
	"cchc/internal/testutil"
)

// TestPAPIWorkbook2011to2016MatchesThePublishedPanel reads the official
// CECODES workbook as published (one sheet per year, English and
// Vietnamese header rows, GSO code column, a "Highest/Lowest" row, 0 for
// provinces without data) and compares every value with papi.csv.
func TestPAPIWorkbook2011to2016MatchesThePublishedPanel(t *testing.T) {
	shared := testutil.RequireShared(t)
	tbl, err := ReadTable(filepath.Join(shared, "data", "official", "PAPI_2011-2016.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := NewParser(data.MustLoad()).ParseScores(tbl, "PAPI", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Rejects) > 0 {
		t.Fatalf("%d rejects, first: %v", len(parsed.Rejects), parsed.Rejects[0])
	}
	want := comparePAPI(t, shared, parsed, func(year, source string) bool { return source == "S1" })
	if len(parsed.Records) != want {
		t.Errorf("loaded %d values, the published panel has %d for 2011-2016", len(parsed.Records), want)
	}
	if parsed.Missing != 2 {
		t.Errorf("missing cells counted = %d, want 2 (Bắc Giang and Đồng Tháp totals of 0 in 2014)", parsed.Missing)
	}
}

// comparePAPI checks every published papi.csv value that keep selects
// against the parsed records and returns how many it checked.
func comparePAPI(t *testing.T, shared string, parsed *ParsedScores, keep func(year, source string) bool) int {
	t.Helper()
	got := map[string]float64{}
	for _, r := range parsed.Records {
		got[fmt.Sprintf("%d|%s|%s", r.Year, r.ProvinceCode, r.Component)] = r.Score
	}
	want := 0
	for _, r := range testutil.ReadCSVMaps(t, filepath.Join(shared, "data", "published", "papi.csv")) {
		if !keep(r["year"], r["source_id"]) {
			continue
		}
		want++
		key := r["year"] + "|" + r["gso_code"] + "|" + r["component_code"]
		v, _ := strconv.ParseFloat(r["value"], 64)
		g, ok := got[key]
		if !ok {
			t.Errorf("%s: published %v, not loaded", key, v)
			continue
		}
		if math.Abs(g-v) > 1e-6 {
			t.Errorf("%s: loaded %v, published %v", key, g, v)
		}
	}
	return want
}

// TestPAPIDataSheets2018And2019MatchThePublishedPanel reads the transposed
// 2018+ data sheets: provinces as columns under a name row (2018) or a
// code and a name row (2019), indicator rows skipped, confidence bounds kept.
func TestPAPIDataSheets2018And2019MatchThePublishedPanel(t *testing.T) {
	shared := testutil.RequireShared(t)
	for _, year := range []string{"2018", "2019"} {
		t.Run(year, func(t *testing.T) {
			tbl, err := ReadTable(filepath.Join(shared, "data", "official", "PAPI_"+year+"_datasheet_vn.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := NewParser(data.MustLoad()).ParseScores(tbl, "PAPI", 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(parsed.Rejects) > 0 {
				t.Fatalf("%d rejects, first: %v", len(parsed.Rejects), parsed.Rejects[0])
			}
			want := comparePAPI(t, shared, parsed, func(y, source string) bool { return y == year })
			if len(parsed.Records) != want {
				t.Errorf("loaded %d values, the published panel has %d", len(parsed.Records), want)
			}
			bounds := 0
			for _, r := range parsed.Records {
				if r.Component == "TOTAL" && r.CILower != nil && r.CIUpper != nil && r.StdError != nil {
					bounds++
					if !(*r.CILower <= r.Score && r.Score <= *r.CIUpper) {
						t.Errorf("%s: score %v outside its bounds [%v, %v]", r.ProvinceCode, r.Score, *r.CILower, *r.CIUpper)
					}
				}
			}
			if year == "2019" && bounds != 63 {
				t.Errorf("2019: %d totals with confidence bounds, want 63", bounds)
			}
		})
	}
}

func TestYearIn(t *testing.T) {
	for in, want := range map[string]int{"2014_PAPI": 2014, "PCI_2015.xlsx": 2015, "PAPI_2011-2016.xlsx": 0, "Summary": 0, "x12345": 0, "PAPI 2019 2019": 2019} {
		if got := yearIn(in); got != want {
			t.Errorf("yearIn(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestPCIWorkbooksMatchThePublishedPanel reads the official VCCI workbooks
// of 2012, 2013 and 2015 (a sorted summary sheet per language, one sheet
// per sub-index keyed by PCI's province id) and compares every value and
// every official rank with pci.csv.
func TestPCIWorkbooksMatchThePublishedPanel(t *testing.T) {
	shared := testutil.RequireShared(t)
	published := testutil.ReadCSVMaps(t, filepath.Join(shared, "data", "published", "pci.csv"))
	for _, year := range []string{"2012", "2013", "2015"} {
		t.Run(year, func(t *testing.T) {
			tbl, err := ReadTable(filepath.Join(shared, "data", "official", "PCI_"+year+".xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			p := NewParser(data.MustLoad())
			if !p.IsPCIWorkbook(tbl) {
				t.Fatal("not recognised as a PCI workbook")
			}
			parsed, err := p.ParsePCIWorkbook(tbl)
			if err != nil {
				t.Fatal(err)
			}
			if len(parsed.Rejects) > 0 {
				t.Fatalf("%d rejects, first: %v", len(parsed.Rejects), parsed.Rejects[0])
			}
			type got struct {
				score float64
				rank  int64
				tier  string
			}
			loaded := map[string]got{}
			for _, r := range parsed.Records {
				if strconv.Itoa(r.Year) != year || r.Index != "PCI" {
					t.Fatalf("record of %s %d in the %s workbook", r.Index, r.Year, year)
				}
				g := got{score: r.Score, tier: r.Group}
				if r.HasRank {
					g.rank = r.Rank
				}
				loaded[r.ProvinceCode+"|"+r.Component] = g
			}
			want, ranks := 0, 0
			for _, r := range published {
				if r["year"] != year {
					continue
				}
				comp := r["component_code"]
				if comp == "weighted" {
					comp = "TOTAL"
				}
				want++
				key := r["gso_code"] + "|" + comp
				v, _ := strconv.ParseFloat(r["value"], 64)
				g, ok := loaded[key]
				if !ok {
					t.Errorf("%s: published %v, not loaded", key, v)
					continue
				}
				if math.Abs(g.score-v) > 1e-6 {
					t.Errorf("%s: loaded %v, published %v", key, g.score, v)
				}
				if r["rank_type"] == "official" {
					ranks++
					if strconv.FormatInt(g.rank, 10) != r["rank"] {
						t.Errorf("%s: official rank %d, published %s", key, g.rank, r["rank"])
					}
				}
				if comp == "TOTAL" && g.tier == "" {
					t.Errorf("%s: no official tier", key)
				}
			}
			if len(parsed.Records) != want || want < 63*10 {
				t.Errorf("loaded %d values, the published panel has %d", len(parsed.Records), want)
			}
			if ranks != 63 {
				t.Errorf("%d official ranks compared, want 63", ranks)
			}
		})
	}
}
