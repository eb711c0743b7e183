package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cchc"
)

func TestHelpForEveryCommandHasAnExample(t *testing.T) {
	out := mustCLI(t, "--help")
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("cchc --help does not list %s", c.name)
		}
		args := []string{c.name, "--help"}
		o, errs, code := cli(t, args...)
		if code != 0 {
			t.Errorf("cchc %s --help: exit %d %s", c.name, code, errs)
		}
		if !strings.Contains(o, "Ví dụ / example:") || !strings.Contains(o, "cchc "+c.name) {
			t.Errorf("cchc %s --help has no example:\n%s", c.name, o)
		}
	}
}

func TestErrorsAreOneLineWithNonZeroExit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"rank without an index", []string{"--db", db, "rank"}, 2, "--index"},
		{"a bad format", []string{"--db", db, "rank", "--index", "PCI", "--format", "xml"}, 2, "--format"},
		{"rank before any build", []string{"--db", db, "rank", "--index", "PCI"}, 1, "no warehouse"},
		{"a missing file", []string{"--db", db, "ingest", "/nonexistent/pci.csv"}, 1, "pci.csv"},
		{"an unknown province", []string{"--db", db, "ingest", writeTemp(t, "x.csv", "province,year,index,score\nHà Nộii Mới,2019,PCI,60\n")}, 1, "unknown province"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := cli(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("exit %d stderr %q; want exit %d, one line containing %q", code, errs, tt.code, tt.want)
			}
		})
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.duckdb")
	t.Setenv("CCHC_DB", db)
	mustCLI(t, "ingest", writeTemp(t, "p.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n"))
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("CCHC_DB not used: %v", err)
	}
}

func TestSQLIsReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "p.csv", "province,year,index,score\nHà Nội,2019,PCI,60\nĐà Nẵng,2019,PCI,70\n"))
	out := mustCLI(t, "--db", db, "sql", "select province_code, score from raw.index_scores order by 1", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[0]["province_code"] != "01" {
		t.Fatalf("sql json = %s (%v)", out, err)
	}
	// keys in the order of the query's columns, not alphabetical
	out = mustCLI(t, "--db", db, "sql", "select score as z_score, province_code as a_code from raw.index_scores order by 2 limit 1", "--format", "json")
	if zi, ai := strings.Index(out, `"z_score"`), strings.Index(out, `"a_code"`); zi < 0 || ai < 0 || zi > ai {
		t.Errorf("json keys out of column order: %s", out)
	}
	_, errs, code := cli(t, "--db", db, "sql", "delete from raw.index_scores")
	if code == 0 || !strings.Contains(strings.ToLower(errs), "read-only") {
		t.Errorf("a write through cchc sql: exit %d, %q", code, errs)
	}
	out = mustCLI(t, "--db", db, "sql", "select count(*) as n from raw.index_scores")
	if !strings.Contains(out, "2") {
		t.Errorf("rows deleted through cchc sql: %s", out)
	}
}

// TestSecondWriterGetsAClearError holds the warehouse open in this process
// and runs a second cchc process against it.
func TestSecondWriterGetsAClearError(t *testing.T) {
	if os.Getenv("CCHC_CHILD") != "" {
		os.Exit(run(context.Background(), strings.Fields(os.Getenv("CCHC_CHILD")), os.Stdin, os.Stdout, os.Stderr))
	}
	db := filepath.Join(t.TempDir(), "w.duckdb")
	conn, err := cchc.Open(context.Background(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("create table t(x int)"); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondWriterGetsAClearError$")
	cmd.Env = append(os.Environ(), "CCHC_CHILD=--db "+db+" build")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("second writer succeeded: %s", out)
	}
	if !strings.Contains(string(out), "in use by another process") {
		t.Errorf("second writer output = %q", out)
	}
}

// TestImportGraph keeps the data flow one-directional, for the packages
// and for their tests: ingest and models never import each other, queries
// reads marts (its tests may build a fixture warehouse with models), the
// renderers take rows and never see SQL, the domain depends on no stage, and
// the test helpers are imported by tests only. It needs the go tool, which
// builds these tests, so it runs everywhere.
func TestImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "duckdb_arrow", "-f",
		`{{.ImportPath}}|{{join .Imports ","}}|{{join .TestImports ","}}|{{join .XTestImports ","}}`, "cchc/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	stages := []string{"cchc/ingest", "cchc/models", "cchc/queries", "cchc/dashboards", "cchc/cmd"}
	forbidden := map[string]struct{ code, tests []string }{
		"cchc":                  {stages, stages},
		"cchc/data":             {append(stages, "cchc"), append(stages, "cchc")},
		"cchc/ingest":           {[]string{"cchc/models", "cchc/queries", "cchc/dashboards", "cchc/cmd"}, []string{"cchc/models", "cchc/queries", "cchc/dashboards", "cchc/cmd"}},
		"cchc/models":           {[]string{"cchc/ingest", "cchc/queries", "cchc/dashboards", "cchc/cmd"}, []string{"cchc/ingest", "cchc/queries", "cchc/dashboards", "cchc/cmd"}},
		"cchc/internal/export":  {[]string{"cchc/ingest", "cchc/models", "cchc/queries", "cchc/dashboards", "cchc/cmd"}, []string{"cchc/ingest", "cchc/models", "cchc/queries", "cchc/dashboards", "cchc/cmd"}},
		"cchc/queries":          {[]string{"cchc/ingest", "cchc/models", "cchc/dashboards", "cchc/cmd"}, []string{"cchc/ingest", "cchc/dashboards", "cchc/cmd"}},
		"cchc/dashboards/chart": {[]string{"cchc/ingest", "cchc/models", "cchc/queries", "database/sql", "cchc/cmd"}, []string{"cchc/ingest", "cchc/models", "cchc/cmd"}},
	}
	// every other renderer package: rows from queries, never SQL
	renderer := struct{ code, tests []string }{[]string{"cchc/ingest", "cchc/models", "database/sql", "cchc/cmd"}, []string{"cchc/ingest", "cchc/cmd"}}
	matches := func(imp, bad string) bool { return imp == bad || strings.HasPrefix(imp, bad+"/") }
	checked := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 4 {
			t.Fatalf("go list line %q", line)
		}
		pkg, code := f[0], strings.Split(f[1], ",")
		tests := append(strings.Split(f[2], ","), strings.Split(f[3], ",")...)
		for _, imp := range code {
			if matches(imp, "cchc/internal/testutil") {
				t.Errorf("%s imports the test helpers %s outside its tests", pkg, imp)
			}
		}
		rule, ok := forbidden[pkg]
		if !ok && strings.HasPrefix(pkg, "cchc/dashboards/") {
			rule, ok = renderer, true
		}
		if !ok {
			continue
		}
		checked[pkg] = true
		for _, bad := range rule.code {
			for _, imp := range code {
				if matches(imp, bad) && !(bad == "cchc" && imp != "cchc") {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
		for _, bad := range rule.tests {
			for _, imp := range tests {
				if matches(imp, bad) && !(bad == "cchc" && imp != "cchc") && imp != pkg {
					t.Errorf("the tests of %s import %s", pkg, imp)
				}
			}
		}
	}
	for pkg := range forbidden {
		if !checked[pkg] {
			t.Errorf("go list did not name %s, whose imports are checked", pkg)
		}
	}
}

func TestBuildExitsNonZeroNamingTheFailingCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	// a PAPI dimension of 12 on a 1-10 scale is refused at the door, naming its cell
	_, errs, code := cli(t, "--db", db, "ingest", writeTemp(t, "papi.csv", "Tỉnh,Năm,Chỉ số,Chỉ số thành phần,Điểm\nHà Nội,2019,PAPI,D1,12\n"))
	if code != 1 || !strings.Contains(errs, `dòng/row 2, cột/column "Điểm", giá trị/value "12"`) || !strings.Contains(errs, "outside the 1-10 scale of PAPI D1 in 2019") {
		t.Errorf("ingest of an out-of-scale score: exit %d, %q", code, errs)
	}
	// official ranks that contradict the scores pass the door (each row is
	// fine) but not the build: a higher score with a worse rank
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm,Xếp hạng\nHà Nội,2019,PCI,60,1\nĐà Nẵng,2019,PCI,70,2\n"))
	_, errs, code = cli(t, "--db", db, "build", "--strict")
	if code != 1 || !strings.Contains(errs, "chk_official_rank_consistent") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("build: exit %d, stderr %q", code, errs)
	}
	// with --strict the marts were not built, so rank says so
	if _, errs, code := cli(t, "--db", db, "rank", "--index", "PAPI"); code == 0 || !strings.Contains(errs, "cchc build") {
		t.Errorf("rank after a failed build: exit %d, %q", code, errs)
	}
}

// TestAFailingCheckIsolatesItsSliceAndRankWorksForAnotherIndex: PCI 2019's
// published ranks contradict its scores; the build holds PCI 2019 out,
// exits non-zero naming it and its source cells, and rank PAR works.
func TestAFailingCheckIsolatesItsSliceAndRankWorksForAnotherIndex(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm,Xếp hạng\nHà Nội,2019,PCI,60,1\nĐà Nẵng,2019,PCI,70,2\n"),
		writeTemp(t, "par.csv", "Tỉnh,Năm,Chỉ số,Điểm\nHà Nội,2019,PAR,88.5\nĐà Nẵng,2019,PAR,90.1\n"))
	out, errs, code := cli(t, "--db", db, "build")
	if code != 1 || !strings.Contains(errs, "1 slices held out of the marts") || !strings.Contains(errs, "chk_official_rank_consistent: PCI 2019") {
		t.Errorf("build: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "✗ chk_official_rank_consistent: PCI 2019 tách khỏi các bảng tổng hợp / held out of the marts: 1 dòng/rows") || !strings.Contains(out, "pci.csv /  / 3") {
		t.Errorf("build output does not name the held-out slice and its source cells:\n%s", out)
	}
	rows := rankJSONOf(t, db, "--index", "PAR", "--year", "2019")
	if len(rows) != 2 || rows[0].ProvinceCode != "48" {
		t.Errorf("rank PAR 2019 after an isolated failure = %+v", rows)
	}
	if _, errs, code := cli(t, "--db", db, "rank", "--index", "PCI", "--year", "2019"); code != 1 || !strings.Contains(errs, "PCI 2019 is held out of the marts: check chk_official_rank_consistent failed") {
		t.Errorf("rank PCI 2019: exit %d, %q", code, errs)
	}
	got := mustCLI(t, "--db", db, "sql", "--format", "csv", "select check_name, index_id, year, rows from marts.mart_check_failures")
	if got != "check_name,index_id,year,rows\nchk_official_rank_consistent,PCI,2019,1\n" {
		t.Errorf("mart_check_failures:\n%s", got)
	}
}
