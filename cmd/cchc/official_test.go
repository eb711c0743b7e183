package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cchc/data"
)

// TestIngestOfficialFolder loads the folder of official workbooks in one
// command, with no --index and no --kind, and checks what a user sees:
// each file's kind and year, and PCI 2015 ranked with its official rank
// and tier beside the computed ones.
func TestIngestOfficialFolder(t *testing.T) {
	shared := data.RequireShared(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	dry := mustCLI(t, "ingest", "--db", db, "--dry-run", filepath.Join(shared, "data", "official", "PCI_2015.xlsx"))
	for _, want := range []string{"kind pci-workbook", "PCI 2015", `"Xếp hạng" -> PCI/TOTAL official rank`, `"Chỉ số thành phần 6" -> PCI/bias`,
		`skipped sheet "Summary": labelled "PCI 2013" in a 2015 workbook`, "columns not loaded: Summary_VN: Excellent"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run does not say %q:\n%s", want, dry)
		}
	}
	if out := mustCLI(t, "sql", "--db", db, "--format", "csv", "select count(*) as n from information_schema.schemata where schema_name = 'raw'"); strings.TrimSpace(out) != "n\n0" {
		t.Errorf("dry run wrote to the ledger: %s", out)
	}

	out := mustCLI(t, "ingest", "--db", db, filepath.Join(shared, "data", "official"))
	for _, want := range []string{"PAPI_2011-2016.xlsx: đã nạp / loaded 10904", "PAPI 2011, PAPI 2012, PAPI 2013, PAPI 2014, PAPI 2015, PAPI 2016; loại/kind papi-workbook",
		"PAPI 2018; loại/kind papi-workbook", "PAPI 2019; loại/kind papi-workbook",
		"PCI_2012.xlsx: đã nạp / loaded 630", "PCI 2012; loại/kind pci-workbook", "PCI_2013.xlsx: đã nạp / loaded 693", "PCI_2015.xlsx: đã nạp / loaded 693"} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest of the folder does not say %q:\n%s", want, out)
		}
	}
	mustCLI(t, "build", "--db", db)

	published := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(shared, "data", "published", "pci.csv")) {
		if r["year"] == "2015" && r["component_code"] == "weighted" {
			published[r["gso_code"]] = r["rank"]
		}
	}
	var rows []struct {
		ProvinceCode  string  `json:"province_code"`
		Rank          int     `json:"rank"`
		OfficialRank  *int    `json:"official_rank"`
		Group         *string `json:"group"`
		GroupOfficial bool    `json:"group_official"`
	}
	js := mustCLI(t, "rank", "--db", db, "--index", "PCI", "--year", "2015", "--format", "json")
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 63 || len(published) != 63 {
		t.Fatalf("%d ranked, %d published", len(rows), len(published))
	}
	tiers := map[string]int{}
	for _, r := range rows {
		if r.OfficialRank == nil || strconv.Itoa(*r.OfficialRank) != published[r.ProvinceCode] {
			t.Errorf("%s: official_rank %v, published %s", r.ProvinceCode, r.OfficialRank, published[r.ProvinceCode])
		}
		if r.Group == nil || !r.GroupOfficial {
			t.Errorf("%s: group %v official %v, want the published tier", r.ProvinceCode, r.Group, r.GroupOfficial)
			continue
		}
		tiers[*r.Group]++
	}
	// PCI 2015's published tiers: 5 "Rất tốt" (Đà Nẵng .. Lào Cai), then "Tốt" from TP.HCM.
	if tiers["Rất tốt"] != 5 || rows[5].Group == nil || *rows[5].Group != "Tốt" {
		t.Errorf("tiers %v, sixth %v", tiers, rows[5].Group)
	}
}
