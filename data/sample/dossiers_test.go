package sample

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestGenerateDossiersDeterministic(t *testing.T) {
	d1, d2 := t.TempDir(), t.TempDir()
	f1, err := GenerateDossiers(d1)
	if err != nil {
		t.Fatal(err)
	}
	f2, err := GenerateDossiers(d2)
	if err != nil {
		t.Fatal(err)
	}
	if len(f1) != 4 || len(f2) != 4 {
		t.Fatalf("%d and %d files, want 4", len(f1), len(f2))
	}
	for i := range f1 {
		a, _ := os.ReadFile(f1[i])
		b, _ := os.ReadFile(f2[i])
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: empty, or two runs wrote different bytes", filepath.Base(f1[i]))
		}
	}
}

// The statistics are consistent the way a report is: what is pending at the
// end of a quarter is carried over into the next, and what was to handle
// was resolved, returned or is pending.
func TestDossierStatsAreConsistent(t *testing.T) {
	dir := t.TempDir()
	if _, err := GenerateDossiers(dir); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, DossierStatsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := func(s string) int {
		v, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
		if err != nil {
			t.Fatalf("count %q: %v", s, err)
		}
		return v
	}
	if len(recs) != 1+63*3*8 {
		t.Fatalf("%d rows, want 63 provinces x 3 levels x 8 quarters", len(recs)-1)
	}
	prevPending := map[string]int{}
	for _, rec := range recs[1:] {
		key := rec[0] + rec[3]
		carried, received := n(rec[4]), n(rec[5])+n(rec[6])+n(rec[7])+n(rec[8])
		resolved, pending, returned := n(rec[9])+n(rec[10])+n(rec[11]), n(rec[12])+n(rec[13]), n(rec[14])
		if p, ok := prevPending[key]; ok && p != carried {
			t.Fatalf("%s %s %s: carried over %d, previous quarter left %d pending", rec[1], rec[2], rec[3], carried, p)
		}
		if carried+received != resolved+pending+returned {
			t.Fatalf("%s %s %s: %d to handle, %d resolved + %d pending + %d returned", rec[1], rec[2], rec[3], carried+received, resolved, pending, returned)
		}
		prevPending[key] = pending
	}
}
