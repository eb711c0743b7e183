package ingest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A build fingerprints a raw table from its rows' lineage (load, sheet, row,
// and the load that superseded it: models.rowHash), which holds only while
// a loaded row is never changed in place but for _superseded_by. This reads
// every statement of the packages that write the raw schema and fails on an
// update that sets anything else (raw._loads, the ledger, aside).
func TestRawRowsChangeOnlyTheirSupersession(t *testing.T) {
	update := regexp.MustCompile("(?is)\\bupdate\\s+([`\"+\\w.]+)\\s+(?:as\\s+\\w+\\s+)?set\\s+(\\w+)")
	var files []string
	for _, dir := range []string{".", ".."} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range update.FindAllStringSubmatch(string(src), -1) {
			seen++
			table, col := m[1], m[2]
			if table == "raw._loads" || col == "_superseded_by" {
				continue
			}
			t.Errorf("%s: %q changes raw rows in place (set %s): the build's fingerprints would miss it; supersede the row instead, or bump models.runnerVersion and fingerprint the table whole", f, m[0], col)
		}
	}
	if seen < 5 {
		t.Fatalf("found %d update statements in %v: the pattern no longer finds them", seen, files)
	}
}
