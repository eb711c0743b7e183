package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cchc"
	"cchc/internal/testutil"
)

// martsDump is every mart's rows as text, sorted, without the columns that
// name a load (ids depend on the order files were loaded in).
func martsDump(t *testing.T, path string) string {
	t.Helper()
	db, err := cchc.Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`select table_name from information_schema.tables where table_schema = 'marts' and not starts_with(table_name, '_') order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		var cols []string
		cr, err := db.Query(`select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? order by ordinal_position`, tb)
		if err != nil {
			t.Fatal(err)
		}
		for cr.Next() {
			var c string
			if err := cr.Scan(&c); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c, "load_id") {
				cols = append(cols, `coalesce(cast("`+c+`" as varchar), '∅')`)
			}
		}
		cr.Close()
		var dump sql.NullString
		// names come from the catalog, not from input
		if err := db.QueryRow(`select string_agg(x, chr(10) order by x) from (select concat_ws('|', ` + strings.Join(cols, ", ") + `) as x from marts.` + tb + `)`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n%s\n", tb, dump.String)
	}
	return b.String()
}

// TestOfficialWorkbooksInAnyOrderAndTwiceGiveTheSameMarts loads the
// official workbooks of ../shared in name order, then in reverse order and
// twice over, and compares every mart.
func TestOfficialWorkbooksInAnyOrderAndTwiceGiveTheSameMarts(t *testing.T) {
	shared := testutil.RequireShared(t)
	dir := filepath.Join(shared, "data", "official")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xlsx") || strings.HasSuffix(e.Name(), ".xls") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) < 2 {
		t.Skip("fewer than two official workbooks in ../shared")
	}
	once := filepath.Join(t.TempDir(), "once.duckdb")
	mustCLI(t, append([]string{"--db", once, "ingest"}, files...)...)
	mustCLI(t, "--db", once, "build")

	reversed := slices.Clone(files)
	slices.Reverse(reversed)
	twice := filepath.Join(t.TempDir(), "twice.duckdb")
	mustCLI(t, append([]string{"--db", twice, "ingest"}, reversed...)...)
	out := mustCLI(t, append([]string{"--db", twice, "ingest"}, files...)...)
	if n := strings.Count(out, "already loaded, skipped"); n != len(files) {
		t.Errorf("second pass skipped %d of %d files:\n%s", n, len(files), out)
	}
	mustCLI(t, "--db", twice, "build")
	a, b := martsDump(t, once), martsDump(t, twice)
	if a != b {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := range min(len(al), len(bl)) {
			if al[i] != bl[i] {
				t.Fatalf("the marts differ (first at line %d):\n once: %s\ntwice: %s", i+1, al[i], bl[i])
			}
		}
		t.Fatalf("the marts differ in length: %d and %d lines", len(al), len(bl))
	}
	if !strings.Contains(a, "== mart_index_rankings\n") || !strings.Contains(a, "== mart_source_conflicts\n\n") {
		t.Errorf("dump lacks the rankings, or lists conflicts between the official workbooks")
	}
}

// TestAConflictIsNamedAfterBuildAndUnloadTakesItBack: through the CLI, a
// second file that disagrees is listed after ingest and build, shown by
// 'cchc loads', and 'cchc unload' restores the first file's values.
func TestAConflictIsNamedAfterBuildAndUnloadTakesItBack(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	a := writeTemp(t, "pci_a.csv", "province,year,index,score\nHà Nội,2019,PCI,65.13\nĐà Nẵng,2019,PCI,70.1\n")
	b := writeTemp(t, "pci_b.csv", "province,year,index,score\nHà Nội,2019,PCI,66\nĐà Nẵng,2019,PCI,70.1\n")
	mustCLI(t, "--db", db, "ingest", a)
	if out := mustCLI(t, "--db", db, "ingest", b); !strings.Contains(out, "1 values differ beyond rounding") {
		t.Errorf("ingest does not name the conflict:\n%s", out)
	}
	if out := mustCLI(t, "--db", db, "build"); !strings.Contains(out, "1 disagreements between sources (scores: beyond rounding; 0 settled by --prefer") {
		t.Errorf("build does not name the conflict:\n%s", out)
	}
	got := mustCLI(t, "--db", db, "sql", "--format", "csv", "select table_name, province_code, kept_value, other_value, round(difference, 2) as difference, differs, kept_file, other_file, settled_by from marts.mart_source_conflicts")
	if want := "table_name,province_code,kept_value,other_value,difference,differs,kept_file,other_file,settled_by\nindex_scores,01,66,65.13,0.87,score: 65.13 → 66.0,pci_b.csv,pci_a.csv,later\n"; got != want {
		t.Errorf("mart_source_conflicts:\n%s\nwant\n%s", got, want)
	}
	var loads []struct {
		ID         int64  `json:"load_id"`
		InForce    int64  `json:"rows_in_force"`
		Superseded int64  `json:"rows_superseded"`
		Conflicts  int64  `json:"conflicts"`
		Status     string `json:"status"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "loads", "--format", "json")), &loads); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(loads) != "[{1 0 2 1 superseded} {2 2 0 1 loaded}]" {
		t.Errorf("loads = %v", loads)
	}
	if out := mustCLI(t, "--db", db, "unload", "2"); !strings.Contains(out, "removed 2") || !strings.Contains(out, "restored 2") {
		t.Errorf("unload: %s", out)
	}
	mustCLI(t, "--db", db, "build")
	rows := rankJSONOf(t, db, "--index", "PCI", "--year", "2019")
	if len(rows) != 2 || rows[0].Score != 70.1 || rows[1].Score != 65.13 {
		t.Errorf("rank after unload = %+v, want the first file's scores", rows)
	}
	if out := mustCLI(t, "--db", db, "build"); strings.Contains(out, "disagree") {
		t.Errorf("build still names a conflict after unload:\n%s", out)
	}
}
