package ingest

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestRecordDatesCountDays: both forms of every day from 1900 to 2100 read
// as that day (days apart as the calendar says).
func TestRecordDatesCountDays(t *testing.T) {
	first := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	_, base, _ := parseRecordDate("1900-01-01")
	for d := first; d.Year() <= 2100; d = d.AddDate(0, 0, 1) {
		want := day(d.Sub(first).Hours()/24) + base
		for _, s := range []string{d.Format("2006-01-02"), d.Format("02/01/2006"), d.Format("2/1/2006"), d.Format("2006-1-2")} {
			y, got, ok := parseRecordDate(s)
			if !ok || got != want || y != d.Year() {
				t.Fatalf("parseRecordDate(%q) = %d, %d, %v; want %d, %d", s, y, got, ok, d.Year(), want)
			}
		}
	}
}

// TestIDHashesFindARepeat: distinct hashes are not a repeat; one hash
// added twice (at any place, 0 too) is.
func TestIDHashesFindARepeat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]uint64, 200000)
	seen := map[uint64]bool{}
	for i := range xs {
		for {
			xs[i] = r.Uint64()
			if !seen[xs[i]] {
				break
			}
		}
		seen[xs[i]] = true
	}
	xs[7] = 0
	fill := func(extra ...uint64) *idHashes {
		var h idHashes
		for _, x := range xs {
			h.add(x)
		}
		for _, x := range extra {
			h.add(x)
		}
		return &h
	}
	if fill().repeated() {
		t.Fatal("distinct hashes reported as a repeat")
	}
	for _, x := range []uint64{xs[0], xs[7], xs[len(xs)/2], xs[len(xs)-1]} {
		if h := fill(x); !h.repeated() || h.n != len(xs)+1 {
			t.Fatalf("hash %x added twice: not reported (%d hashes)", x, h.n)
		}
	}
}
