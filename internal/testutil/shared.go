// Package testutil holds what tests share: the path of ../shared (the team's real
// published data, never committed here) and readers of its files. Only
// test files import it.
package testutil

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
)

// TB is the part of testing.TB that RequireShared uses (so that this
// package does not import testing).
type TB interface {
	Helper()
	Skip(args ...any)
	Fatal(args ...any)
}

// SharedDir returns the ../shared directory beside the module root (the
// team's real published data, never committed here), or "" if absent.
func SharedDir() string {
	if d := os.Getenv("CCHC_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if st, err := os.Stat(filepath.Join(shared, "data")); err == nil && st.IsDir() {
				return shared
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// RequireShared returns the shared directory for a test, skipping the test
// with a message when it is absent, or failing it when CI is set.
func RequireShared(tb TB) string {
	tb.Helper()
	d := SharedDir()
	if d == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("../shared is missing and CI is set: tests that read the shared data must run")
		}
		tb.Skip("../shared not found beside the module: skipping a test that reads the shared data")
	}
	return d
}

// RequireTool returns the path of an installed program a test runs (pdftotext
// from poppler-utils, say), skipping the test with a message when it is
// missing, or failing it when CI is set (.ci/run installs it).
func RequireTool(tb TB, name, pkg string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal(name + " is not installed and CI is set: the test must run (.ci/run installs " + pkg + ")")
		}
		tb.Skip(name + " not installed: skipping (apt-get install -y " + pkg + ")")
	}
	return p
}

// ReadCSVMaps reads a CSV file with a header row into one map per row,
// keyed by the header (for tests that compare with ../shared/data files).
func ReadCSVMaps(tb TB, path string) []map[string]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := make(map[string]string, len(recs[0]))
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}
