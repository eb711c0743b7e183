package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of the CLI cases under testdata/")

// The warehouses the CLI cases run against: the demo's (the bundled,
// illustrative sample; built once by the demo case itself) and, for cases
// that name $PUBLISHED, the real published PCI and PAPI panels of ../shared.
var (
	demoOnce                     sync.Once
	demoDir                      string
	demoOut, demoErr, demoFailed string
	demoCode                     int
)

func demoWarehouse(t *testing.T) (dir string) {
	t.Helper()
	demoOnce.Do(func() {
		d, err := os.MkdirTemp("", "cchc-golden-")
		if err != nil {
			demoFailed = err.Error()
			return
		}
		demoDir = d
		var out, errb bytes.Buffer
		demoCode = run(context.Background(), []string{"demo", "-o", filepath.Join(d, "out")}, strings.NewReader(""), &out, &errb)
		demoOut, demoErr = out.String(), errb.String()
	})
	if demoFailed != "" {
		t.Fatal(demoFailed)
	}
	return demoDir
}

// TestCLICases runs every case under testdata/<command>/<case>/: args holds
// one argument a line ($DEMO is the demo warehouse, $PUBLISHED the published
// one, $NEW a fresh warehouse path, $TMP an empty folder, $CASE the case's own
// folder, for input files), and stdout, stderr and code are the whole
// expected outputs, with those paths written as their names. They are
// rewritten only by 'go test ./cmd/cchc -update'.
func TestCLICases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "*", "args"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	if len(dirs) == 0 {
		t.Fatal("no CLI cases under testdata/")
	}
	for _, argsFile := range dirs {
		dir := filepath.Dir(argsFile)
		name := strings.TrimPrefix(filepath.ToSlash(dir), "testdata/")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			caseDir, _ := filepath.Abs(dir)
			tmp := t.TempDir()
			demo := demoWarehouse(t)
			paths := []struct{ name, path string }{
				{"$DEMO", filepath.Join(demo, "out", "demo.duckdb")},
				{"$DEMODIR", filepath.Join(demo, "out")},
				{"$NEW", filepath.Join(tmp, "new.duckdb")},
				{"$CASE", caseDir},
				{"$TMP", tmp},
			}
			text := string(b)
			if strings.Contains(text, "$PUBLISHED") {
				paths = append([]struct{ name, path string }{{"$PUBLISHED", publishedWarehouse(t)}}, paths...)
			}
			var args []string
			for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
				for _, p := range paths {
					line = strings.ReplaceAll(line, p.name, p.path)
				}
				args = append(args, line)
			}
			var stdout, stderr string
			var code int
			if strings.TrimSpace(text) == "demo\n-o\n$DEMODIR" {
				// the demo case is the run that built $DEMO
				stdout, stderr, code = demoOut, demoErr, demoCode
			} else {
				stdout, stderr, code = cli(t, args...)
			}
			norm := func(s string) string {
				for _, p := range paths {
					s = strings.ReplaceAll(s, p.path, p.name)
				}
				return s
			}
			got := map[string]string{"stdout": norm(stdout), "stderr": norm(stderr), "code": strconv.Itoa(code) + "\n"}
			for _, f := range []string{"stdout", "stderr", "code"} {
				path := filepath.Join(dir, f)
				if *update {
					if err := os.WriteFile(path, []byte(got[f]), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/cchc -run TestCLICases -update to write it)", err)
				}
				if got[f] != string(want) {
					t.Errorf("cchc %s: %s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", strings.Join(args, " "), f, path, got[f], want)
				}
			}
		})
	}
}

// TestChartRankHighlightsOnTheMapAsked is the case that drifted: on
// --units 34 a name resolves on the 34-unit map, so "Bắc Ninh" is the new
// unit (code 24) and is highlighted, not silently dropped.
func TestChartRankHighlightsOnTheMapAsked(t *testing.T) {
	db := filepath.Join(demoWarehouse(t), "out", "demo.duckdb")
	for _, tt := range []struct {
		name  string
		args  []string
		names []string
	}{
		{"34 units in 2024", []string{"--units", "34", "--year", "2024"}, []string{"Hà Nội", "Bắc Ninh"}},
		{"63 units in 2024", []string{"--year", "2024"}, []string{"Hà Nội", "Bắc Ninh"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "x.svg")
			args := append([]string{"--db", db, "chart", "rank", "--index", "PCI", "--highlight", "Bắc Ninh,Hà Nội", "-o", out}, tt.args...)
			mustCLI(t, args...)
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			svg := string(b)
			if n := strings.Count(svg, "fill:rgba(253,239,227,1.0)"); n != len(tt.names) {
				t.Errorf("%d highlighted rows, want %d", n, len(tt.names))
			}
			for _, name := range tt.names {
				if !strings.Contains(svg, "fill:rgba(217,95,14,1.0)") || !regexpHighlighted(svg, name) {
					t.Errorf("%s is not drawn in the highlight colour", name)
				}
			}
		})
	}
}

// regexpHighlighted reports whether a text element in the highlight colour reads name.
func regexpHighlighted(svg, name string) bool {
	for _, el := range strings.Split(svg, "<text")[1:] {
		if strings.Contains(el, "rgba(217,95,14") && strings.Contains(el, ">"+name+"<") {
			return true
		}
	}
	return false
}
