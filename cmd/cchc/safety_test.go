package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// builtWarehouse ingests a small PCI file and builds the marts, in a
// folder of its own.
func builtWarehouse(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "province,year,index,score\nHà Nội,2019,PCI,60\nĐà Nẵng,2019,PCI,70\nHải Phòng,2019,PCI,65\n"))
	mustCLI(t, "--db", db, "build")
	return db
}

// TestSQLCannotWriteOrTouchOtherFiles is case 1 of issue 15: every form that
// once wrote the warehouse, another database or a file, or read a file
// outside the warehouse, is refused, and the warehouse is left as it was.
func TestSQLCannotWriteOrTouchOtherFiles(t *testing.T) {
	db := builtWarehouse(t)
	dir := t.TempDir()
	other := filepath.Join(dir, "other.duckdb")
	mustCLI(t, "--db", other, "ingest", writeTemp(t, "p.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n"))
	link := filepath.Join(dir, "link.duckdb")
	if err := os.Link(db, link); err != nil {
		t.Fatal(err)
	}
	readable := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(readable, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	otherBefore, _ := os.ReadFile(other)
	q := func(s string) string { return strings.ReplaceAll(s, "'", "''") }
	tests := []struct{ name, query string }{
		{"COPY over the warehouse", "COPY (select 'x') TO '" + q(db) + "' (FORMAT csv)"},
		{"COPY to a new file", "COPY (select * from marts.mart_index_rankings) TO '" + q(filepath.Join(dir, "out.csv")) + "' (FORMAT csv)"},
		{"ATTACH another warehouse read-write and drop its ledger", "ATTACH '" + q(other) + "' AS o (READ_WRITE); DROP TABLE o.raw._loads"},
		{"ATTACH a hard link to the warehouse and delete", "ATTACH '" + q(link) + "' AS l; DELETE FROM l.raw.index_scores"},
		{"EXPORT DATABASE", "EXPORT DATABASE '" + q(filepath.Join(dir, "exported")) + "'"},
		{"read_csv of /etc/passwd", "select * from read_csv('/etc/passwd', sep = ':')"},
		{"read_text", "select * from read_text('/etc/passwd')"},
		{"a file named in FROM", "select * from '" + q(readable) + "'"},
		{"glob", "select * from glob('/etc/*')"},
		{"turning external access back on", "SET enable_external_access = true"},
		{"unlocking the configuration", "SET lock_configuration = false"},
		{"a write to the warehouse itself", "DELETE FROM raw.index_scores"},
		{"a new table", "CREATE TABLE raw.x AS SELECT 1"},
		{"INSTALL", "INSTALL httpfs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := cli(t, "--db", db, "sql", tt.query)
			if code == 0 || !strings.Contains(errs, "cchc sql only reads the warehouse") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want a refusal saying cchc sql only reads", code, out, errs)
			}
		})
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Errorf("the warehouse changed (%d -> %d bytes)", len(before), len(after))
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(otherBefore, after) {
		t.Errorf("the other warehouse changed")
	}
	for _, p := range []string{filepath.Join(dir, "out.csv"), filepath.Join(dir, "exported")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
	// ordinary reading of the marts, the core and the ledger still works
	out := mustCLI(t, "--db", db, "sql", "select province_code, rank from marts.mart_index_rankings where index_id = 'PCI' and component_code = 'TOTAL' and unit_set = '63' order by rank", "--format", "csv")
	if !strings.HasPrefix(out, "province_code,rank\n48,1\n31,2\n01,3\n") {
		t.Errorf("select over the marts:\n%s", out)
	}
	out = mustCLI(t, "--db", db, "sql", "select count(*) as n from raw._loads where status = 'loaded'")
	if !strings.Contains(out, "1") {
		t.Errorf("select over the ledger:\n%s", out)
	}
}

// TestAPathThatIsNotAWarehouseIsRefused is case 2 of issue 15: an existing
// file that is not a DuckDB database, given as --db, is refused with one
// line by every command that opens the warehouse, and left untouched.
func TestAPathThatIsNotAWarehouseIsRefused(t *testing.T) {
	csvFile := writeTemp(t, "data.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n")
	empty := writeTemp(t, "empty.duckdb", "")
	input := writeTemp(t, "x.csv", "province,year,index,score\nĐà Nẵng,2019,PCI,70\n")
	folder := t.TempDir()
	for _, db := range []string{csvFile, empty, folder} {
		before, _ := os.ReadFile(db)
		for _, args := range [][]string{
			{"ingest", input},
			{"build"},
			{"sql", "select 1"},
			{"rank", "--index", "PCI", "--year", "2019"},
			{"provinces"},
		} {
			out, errs, code := cli(t, append([]string{"--db", db}, args...)...)
			if code != 1 || !strings.Contains(errs, "not a DuckDB warehouse file") || strings.Count(strings.TrimSpace(errs), "\n") != 0 || out != "" {
				t.Errorf("--db %s %s: exit %d, stdout %q, stderr %q", filepath.Base(db), args[0], code, out, errs)
			}
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
			t.Errorf("%s changed", db)
		}
	}
}

// TestCSVOutputsCannotInject is case 4 of issue 15: text from an input file
// that a spreadsheet would run as a formula comes out of FILE.rejects.csv,
// 'training --format csv' and 'dossiers --format csv' with a leading
// apostrophe; numbers, negative ones too, are left as they are.
func TestCSVOutputsCannotInject(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	dir := t.TempDir()
	classes := filepath.Join(dir, "lop.csv")
	os.WriteFile(classes, []byte("class_id,province,start_date,trainees,organiser,topic\n"+
		`K1,Hà Nội,2023-03-01,5,"=HYPERLINK(""http://evil"",""x"")",@SUM(1)`+"\n"), 0o644)
	records := filepath.Join(dir, "rec.csv")
	os.WriteFile(records, []byte("dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status\n"+
		"D1,Hà Nội,Sở X,Cấp tỉnh,1.001,=cmd|' /C calc'!A0,Trực tiếp,2023-02-01,2023-02-10,2023-02-05,Trước hạn\n"), 0o644)
	scores := filepath.Join(dir, "scores.csv")
	os.WriteFile(scores, []byte("province,year,index,score\nHà Nội,2019,PCI,60\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2019,PCI,61\n"), 0o644)
	mustCLI(t, "--db", db, "ingest", classes, records)
	mustCLI(t, "--db", db, "ingest", "--allow-rejects", scores)
	mustCLI(t, "--db", db, "build")
	rejects, err := os.ReadFile(filepath.Join(dir, "scores.rejects.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, out, want string
	}{
		{"FILE.rejects.csv", string(rejects), `"'=HYPERLINK(""http://evil"",""x"")"`},
		{"training by organiser", mustCLI(t, "--db", db, "training", "--year", "2023", "--by", "organiser", "--format", "csv"), `"'=HYPERLINK(""http://evil"",""x"")",,2023`},
		{"training by topic", mustCLI(t, "--db", db, "training", "--year", "2023", "--by", "topic", "--format", "csv"), "\n'@SUM(1),,2023,"},
		{"dossiers by field", mustCLI(t, "--db", db, "dossiers", "--year", "2023", "--by", "field", "--format", "csv"), ",field,'=cmd|' /C calc'!A0,1,"},
		{"sql", mustCLI(t, "--db", db, "sql", "select '-1+2' as a, -3.5 as b, '+84' as c", "--format", "csv"), "a,b,c\n'-1+2,-3.5,+84\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, tt.out)
			}
			for _, line := range strings.Split(tt.out, "\n") {
				for _, cell := range strings.Split(line, ",") {
					if strings.HasPrefix(strings.TrimPrefix(cell, `"`), "=") {
						t.Errorf("a cell starts with '=': %q", line)
					}
				}
			}
		})
	}
}

// TestAHugeCellIsEchoedBounded is case 5 of issue 15: a 10 MB cell in a
// rejected file puts a bounded line on stderr and in raw._loads.error, on
// every try, and the warehouse does not grow by the cell.
func TestAHugeCellIsEchoedBounded(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "ok.csv", "province,year,index,score\nHà Nội,2019,PCI,60\n"))
	huge := strings.Repeat("Hà Nội ", 10<<20/len("Hà Nội "))
	bad := writeTemp(t, "huge.csv", "province,year,index,score\n"+huge+",2019,PCI,61\nĐà Nẵng,2019,PCI,70\n")
	st, _ := os.Stat(db)
	before := st.Size()
	for try := 0; try < 3; try++ {
		_, errs, code := cli(t, "--db", db, "ingest", bad)
		if code != 1 || len(errs) > 1500 || !strings.Contains(errs, "cut, 7340") || !strings.Contains(errs, "unknown province") {
			t.Fatalf("try %d: exit %d, %d bytes on stderr: %.300s", try, code, len(errs), errs)
		}
	}
	out := mustCLI(t, "--db", db, "sql", "select count(*) as n, max(length(error)) as longest from raw._loads where status = 'failed'", "--format", "csv")
	var n, longest int
	if _, err := fmt.Sscanf(strings.Split(out, "\n")[1], "%d,%d", &n, &longest); err != nil || n != 3 || longest > 1500 {
		t.Errorf("failed loads in the ledger: %q (%v); want 3, each error under 1500 characters", out, err)
	}
	st, _ = os.Stat(db)
	if grew := st.Size() - before; grew > 2<<20 {
		t.Errorf("three refused tries grew the warehouse by %d bytes", grew)
	}
}
