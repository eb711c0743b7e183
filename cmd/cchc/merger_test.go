package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cchc/data"
	"cchc/internal/testutil"
)

// crosswalk returns new code -> old codes, read independently from the
// shared reference (not through cchc).
func sharedCrosswalk(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, r := range testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "reference", "province_merger_2025.csv")) {
		out[r["new_code"]] = append(out[r["new_code"]], r["old_code"])
	}
	return out
}

func TestPCI34UnitEstimatesEqualTheMeanOfConstituents(t *testing.T) {
	db := publishedWarehouse(t)
	cw := sharedCrosswalk(t)
	for year := 2019; year <= 2022; year++ {
		score := map[string]float64{}
		for _, r := range pubPCI {
			if r["year"] == strconv.Itoa(year) && r["component_code"] == "weighted" {
				score[r["gso_code"]], _ = strconv.ParseFloat(r["value"], 64)
			}
		}
		rows := rankJSONOf(t, db, "--index", "PCI", "--year", strconv.Itoa(year), "--units", "34")
		if len(rows) != 34 {
			t.Fatalf("PCI %d on 34 units: %d rows", year, len(rows))
		}
		var raw []map[string]any
		json.Unmarshal([]byte(mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", strconv.Itoa(year), "--units", "34", "--format", "json")), &raw)
		for i, r := range rows {
			olds := cw[r.ProvinceCode]
			sum := 0.0
			for _, o := range olds {
				sum += score[o]
			}
			want := sum / float64(len(olds))
			if math.Abs(r.Score-want) > 1e-9 {
				t.Errorf("PCI %d unit %s: estimate %.9f, mean of %v = %.9f", year, r.ProvinceCode, r.Score, olds, want)
			}
			est, _ := raw[i]["estimated"].(bool)
			if est != (len(olds) > 1) {
				t.Errorf("unit %s estimated = %v with %d constituents", r.ProvinceCode, est, len(olds))
			}
			members, _ := raw[i]["constituents"].([]any)
			if len(members) != len(olds) {
				t.Errorf("unit %s lists %d constituents, want %d", r.ProvinceCode, len(members), len(olds))
			}
			for _, m := range members {
				if w := m.(map[string]any)["weight"].(float64); math.Abs(w-1/float64(len(olds))) > 1e-6 {
					t.Errorf("unit %s weight %v", r.ProvinceCode, w)
				}
			}
			if !strings.HasSuffix(raw[i]["rank_of"].(string), "/34") {
				t.Errorf("rank_of = %v", raw[i]["rank_of"])
			}
		}
	}
}

func TestPopulationWeights(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	// Phú Thọ (new 25) = Hòa Bình 17 + Phú Thọ 25 + Vĩnh Phúc 26
	scores := "Tỉnh,Năm,Chỉ số,Điểm\nHòa Bình,2022,PCI,60\nPhú Thọ,2022,PCI,66\nVĩnh Phúc,2022,PCI,70\n"
	pop := "Tỉnh;Năm;Dân số trung bình\nHòa Bình;2022;875.400\nPhú Thọ;2022;1.516.100\nVĩnh Phúc;2022;1.197.600\n"
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", scores))
	mustCLI(t, "--db", db, "build")
	if _, errs, code := cli(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--weights", "population"); code == 0 || !strings.Contains(errs, "load a population table") {
		t.Errorf("population weights without population: exit %d, %q", code, errs)
	}
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "dan_so.csv", pop))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Phú Thọ", "--from", "2022", "--to", "2022", "--units", "34", "--weights", "population", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("compare = %s (%v)", out, err)
	}
	want := (60*875400 + 66*1516100 + 70*1197600) / float64(875400+1516100+1197600)
	if got := rows[0]["score"].(float64); math.Abs(got-want) > 1e-9 {
		t.Errorf("population-weighted Phú Thọ = %v, want %v", got, want)
	}
	if rows[0]["estimated"] != true || rows[0]["weights"] != "population" || len(rows[0]["constituents"].([]any)) != 3 {
		t.Errorf("row = %v", rows[0])
	}
	eq := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Phú Thọ", "--from", "2022", "--to", "2022", "--units", "34", "--weights", "equal", "--format", "json")
	json.Unmarshal([]byte(eq), &rows)
	if got := rows[0]["score"].(float64); math.Abs(got-196.0/3) > 1e-9 {
		t.Errorf("equal-weighted Phú Thọ = %v, want %v", got, 196.0/3)
	}
	// the default: population once loaded for every former province ...
	def := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--format", "json")
	json.Unmarshal([]byte(def), &rows)
	if got := rows[0]["score"].(float64); math.Abs(got-want) > 1e-9 || rows[0]["weights"] != "population" {
		t.Errorf("default weights with population loaded: %v", rows[0])
	}
	// ... and equal while a former province lacks population (Hưng Yên = Hưng Yên + Thái Bình)
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci2.csv", scores+"Hưng Yên,2022,PCI,61\nThái Bình,2022,PCI,63\n")) // replaces the PCI 2022 slice
	mustCLI(t, "--db", db, "build")
	def = mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--format", "json")
	rows = nil
	json.Unmarshal([]byte(def), &rows)
	if len(rows) != 2 || rows[0]["weights"] != "equal" || rows[1]["weights"] != "equal" {
		t.Errorf("default weights with partial population: %v", rows)
	}
}

func TestCompareOn34UnitsMarksEstimatedYearsAndTheMerger(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	var b strings.Builder
	b.WriteString("province,year,index,score\n")
	for y := 2023; y <= 2024; y++ {
		for i, p := range []string{"Hòa Bình", "Phú Thọ", "Vĩnh Phúc", "Hải Phòng", "Hải Dương"} {
			fmt.Fprintf(&b, "%s,%d,PCI,%d\n", p, y, 60+i+y-2023)
		}
	}
	// 2025 is published on the 34 units: names mean the new units
	b.WriteString("Phú Thọ,2025,PCI,67.5\nHải Phòng,2025,PCI,69.0\n")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", b.String()))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Phú Thọ", "--from", "2023", "--to", "2025", "--units", "34")
	for _, want := range []string{"~61.00 (", "~62.00 (", "67.50 (2/2)", "ước tính", "2025"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare --units 34 lacks %q:\n%s", want, out)
		}
	}
	// default units: 63 before 2025, 34 from 2025; the former Phú Thọ and
	// the new one (with Hòa Bình and Vĩnh Phúc) are not chained
	js := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Phú Thọ", "--from", "2024", "--to", "2025", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%s %v", js, err)
	}
	if rows[0]["rank_of"] != "4/5" || rows[1]["rank_of"] != "2/2" || rows[1]["rank_change"] != nil || rows[1]["percentile_change"] != nil {
		t.Errorf("across the merger: %v / %v", rows[0], rows[1])
	}
	// on the 34-unit map it is one series: 2024 estimated, ranks out of the same 2 units
	js = mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Phú Thọ", "--from", "2024", "--to", "2025", "--units", "34", "--format", "json")
	rows = nil
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%s %v", js, err)
	}
	if rows[0]["estimated"] != true || rows[1]["percentile_change"] == nil || rows[1]["rank_change"] == nil {
		t.Errorf("on 34 units: %v / %v", rows[0], rows[1])
	}
}

func TestProvincesCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	// a read path: no warehouse is made, none is built
	if _, errs, code := cli(t, "--db", db, "provinces"); code != 1 || !strings.Contains(errs, "no warehouse yet") {
		t.Errorf("provinces without a warehouse: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("provinces created the warehouse file: %v", err)
	}
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "p.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n"))
	if _, errs, code := cli(t, "--db", db, "provinces"); code != 1 || !strings.Contains(errs, "no marts yet, run 'cchc build'") {
		t.Errorf("provinces before a build: exit %d, %q", code, errs)
	}
	mustCLI(t, "--db", db, "build")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	out := mustCLI(t, "--db", db, "provinces", "--units", "34", "--format", "json")
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("provinces changed the warehouse file")
	}
	var units []map[string]any
	if err := json.Unmarshal([]byte(out), &units); err != nil {
		t.Fatal(err)
	}
	if len(units) != 34 {
		t.Fatalf("%d units", len(units))
	}
	seen := map[string]bool{}
	for _, u := range units {
		for _, c := range u["constituents"].([]any) {
			code := c.(map[string]any)["province_code"].(string)
			if seen[code] {
				t.Errorf("old province %s in two units", code)
			}
			seen[code] = true
		}
		if u["valid_from"] != "2025-07-01" {
			t.Errorf("unit %v valid_from %v", u["province_code"], u["valid_from"])
		}
	}
	if len(seen) != 64 { // the 63, and Hà Tây through Hà Nội
		t.Errorf("constituents cover %d old provinces, want 63 + Hà Tây", len(seen))
	}
	old := mustCLI(t, "--db", db, "provinces", "--units", "63")
	if strings.Count(old, "\n") != 64+2 || !strings.Contains(old, "Hà Tây") {
		t.Errorf("63-unit list:\n%s", old)
	}
	os.Remove(db)
}

func TestChartTrendOn34UnitsDrawsEstimatedYearsDifferently(t *testing.T) {
	db := publishedWarehouse(t)
	p := filepath.Join(t.TempDir(), "trend.svg")
	mustCLI(t, "--db", db, "chart", "trend", "--index", "PCI", "--provinces", "Phú Thọ,Hải Phòng", "--units", "34", "--from", "2019", "--to", "2021", "-o", p)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	for _, want := range []string{"Phú Thọ", "Hải Phòng", "ước tính", "/34)", `stroke-dasharray="6.0, 4.0"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("trend SVG lacks %q", want)
		}
	}
	png := filepath.Join(t.TempDir(), "trend.png")
	mustCLI(t, "--db", db, "chart", "trend", "--index", "PCI", "--provinces", "Phú Thọ,Hải Phòng", "--units", "34", "-o", png, "--from", "2019", "--to", "2021")
}

// TestRankChangeAcrossDifferentNumbersRanked: when the number of provinces
// ranked changes from one year to the next, no rank difference is shown,
// the percentile change is, and no field-relative group (z-score tiers,
// quartiles) is made from a handful of scores.
func TestRankChangeAcrossDifferentNumbersRanked(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	var b strings.Builder
	b.WriteString("province_code,year,index,score\n")
	codes := []string{}
	for _, p := range data.MustLoad().Provinces {
		if p.Code != "28" {
			codes = append(codes, p.Code)
		}
	}
	for i, c := range codes {
		fmt.Fprintf(&b, "%s,2022,PCI,%d\n", c, 50+i%17)
	}
	for i, c := range codes[:5] {
		fmt.Fprintf(&b, "%s,2023,PCI,%d\n", c, 60+i)
	}
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", b.String()))
	mustCLI(t, "--db", db, "build")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2023", "--format", "json")), &rows); err != nil || len(rows) != 5 {
		t.Fatalf("rank 2023: %v %v", rows, err)
	}
	for _, r := range rows {
		if r["rank_change"] != nil || r["percentile_change"] == nil || r["group"] != nil {
			t.Errorf("%v: rank_change %v, percentile_change %v, group %v", r["province_code"], r["rank_change"], r["percentile_change"], r["group"])
		}
	}
	if out := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2023"); !strings.Contains(out, "BPV/pctl") || !strings.Contains(out, "not a difference of ranks") {
		t.Errorf("table does not show the percentile change:\n%s", out)
	}
}

// TestCompareANameThatChangedUnit: "Bắc Ninh" is the former province to
// 2024 and the new unit (Bắc Giang + Bắc Ninh) from 2025; on the default
// maps the two are not chained into one change, and the note says why.
// A province the merger left whole (Lai Châu) keeps its change.
func TestCompareANameThatChangedUnit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm\nBắc Ninh,2024,PCI,66\nBắc Giang,2024,PCI,70\nLai Châu,2024,PCI,60\nHà Nội,2024,PCI,64\n"+
		"Bắc Ninh,2025,PCI,71\nLai Châu,2025,PCI,61\nHà Nội,2025,PCI,65\n"))
	mustCLI(t, "--db", db, "build")
	var rows []map[string]any
	js := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Bắc Ninh,Lai Châu", "--from", "2024", "--to", "2025", "--format", "json")
	if err := json.Unmarshal([]byte(js), &rows); err != nil || len(rows) != 4 {
		t.Fatalf("compare: %s (%v)", js, err)
	}
	for _, r := range rows {
		if r["year"].(float64) != 2025 {
			continue
		}
		switch r["province_code"] {
		case "24":
			if r["percentile_change"] != nil {
				t.Errorf("the new Bắc Ninh got a change from the former one: %v", r)
			}
		case "12":
			if r["percentile_change"] == nil {
				t.Errorf("Lai Châu, whole across the merger, lost its change: %v", r)
			}
		}
	}
	out := mustCLI(t, "--db", db, "compare", "--index", "PCI", "--provinces", "Bắc Ninh", "--from", "2024", "--to", "2025")
	if !strings.Contains(out, "new unit Bắc Ninh (code 24) = Bắc Giang + Bắc Ninh from 2025: two different series") {
		t.Errorf("no note on the change of unit:\n%s", out)
	}
}

// TestRankChangeAcrossThe2025Break: rank for 2025 (34 units) shows the
// change on 2024 (63 units) in percentile points for a province the
// merger left whole, none for a merged unit on the default maps, and on
// --units 34 the change against the 2024 estimate.
func TestRankChangeAcrossThe2025Break(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm\n"+
		"Lai Châu,2024,PCI,60\nHòa Bình,2024,PCI,62\nPhú Thọ,2024,PCI,64\nVĩnh Phúc,2024,PCI,66\nHà Nội,2024,PCI,68\n"+
		"Lai Châu,2025,PCI,65\nPhú Thọ,2025,PCI,63\nHà Nội,2025,PCI,70\n"))
	mustCLI(t, "--db", db, "build")
	byCode := func(args ...string) map[string]map[string]any {
		var rows []map[string]any
		if err := json.Unmarshal([]byte(mustCLI(t, append([]string{"--db", db, "rank", "--index", "PCI", "--format", "json"}, args...)...)), &rows); err != nil {
			t.Fatal(err)
		}
		m := map[string]map[string]any{}
		for _, r := range rows {
			m[r["province_code"].(string)] = r
		}
		return m
	}
	r := byCode("--year", "2025")
	// Lai Châu: 0th percentile of 5 in 2024, 50th of 3 in 2025
	if r["12"]["rank_change"] != nil || r["12"]["percentile_change"] != 50.0 {
		t.Errorf("Lai Châu 2025: %v", r["12"])
	}
	if r["25"]["percentile_change"] != nil {
		t.Errorf("the new Phú Thọ got a change from the former one: %v", r["25"])
	}
	r = byCode("--year", "2025", "--units", "34")
	if r["25"]["percentile_change"] == nil || r["25"]["rank_change"] == nil {
		t.Errorf("Phú Thọ on 34 units against its 2024 estimate: %v", r["25"])
	}
}
