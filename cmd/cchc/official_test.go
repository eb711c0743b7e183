package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cchc/internal/testutil"
)

// TestIngestOfficialFolder loads the folder of official workbooks in one
// command, with no --index and no --kind, and checks what a user sees:
// each file's kind and year, and PCI 2015 ranked with its official rank
// and tier beside the computed ones.
func TestIngestOfficialFolder(t *testing.T) {
	shared := testutil.RequireShared(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	dry := mustCLI(t, "ingest", "--db", db, "--dry-run", filepath.Join(shared, "data", "official", "PCI_2015.xlsx"))
	for _, want := range []string{"kind pci-workbook", "PCI 2015", `"Xếp hạng" -> PCI/TOTAL official rank`, `"Chỉ số thành phần 6" -> PCI/bias`,
		`skipped sheet "Summary": labelled "PCI 2013" in a 2015 workbook`, "columns not loaded: Summary_VN: Excellent"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run does not say %q:\n%s", want, dry)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a dry run created the warehouse file: %v", err)
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
	for _, r := range testutil.ReadCSVMaps(t, filepath.Join(shared, "data", "published", "pci.csv")) {
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

// TestIngestFolderWithABadFile: in a folder, a bad file loads nothing and
// is named; the good files load; the command fails at the end saying how
// many files were not loaded. Excel lock files and cchc's own rejects
// files are not inputs.
func TestIngestFolderWithABadFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"a_pci.csv":       "province,year,index,score\nHà Nội,2019,PCI,60\nĐà Nẵng,2019,PCI,70\n",
		"b_bad.csv":       "province,year,index,score\nHà Nộii Mới,2019,PAPI,40\n",
		"c_par.csv":       "Tỉnh;Năm;Chỉ số;Điểm\nHà Nội;2020;PAR;88,5\n",
		"~$a_pci.xlsx":    "lock",
		"old.rejects.csv": "file,sheet,row\n",
		"ghi_chu.docx":    "not data",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "w.duckdb")
	out, errs, code := cli(t, "ingest", "--db", db, dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "a_pci.csv: đã nạp / loaded 2") || !strings.Contains(out, "c_par.csv: đã nạp / loaded 1") {
		t.Errorf("good files not reported loaded:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "b_bad.csv") || !strings.Contains(lines[0], "Hà Nộii Mới") ||
		!strings.Contains(lines[1], "1 of 3 files were not loaded (the others were): b_bad.csv") {
		t.Errorf("stderr:\n%s", errs)
	}
	if got := mustCLI(t, "sql", "--db", db, "--format", "csv", "select count(*) as n from raw.index_scores"); got != "n\n3\n" {
		t.Errorf("rows loaded: %q, want the 3 good rows", got)
	}
}
