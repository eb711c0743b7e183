package data

import (
	"path/filepath"
	"sort"
	"testing"

	"cchc/internal/testutil"
)

func readSharedCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	return testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "reference", name))
}

func TestProvincesMatchSharedReference(t *testing.T) {
	ref := MustLoad()
	shared := readSharedCSV(t, "provinces.csv")
	byCode := map[string]Province{}
	for _, p := range ref.Provinces {
		byCode[p.Code] = p
	}
	if len(shared) != 63 {
		t.Fatalf("shared provinces.csv has %d rows, want 63", len(shared))
	}
	for _, s := range shared {
		p, ok := byCode[s["gso_code"]]
		if !ok {
			t.Errorf("province %s %s missing from data/reference/provinces.csv", s["gso_code"], s["name_vi"])
			continue
		}
		checks := [][3]string{
			{"name_vi_official", p.NameOfficial, s["name_vi_official"]},
			{"name_vi", p.Name, s["name_vi"]},
			{"name_en", p.NameEN, s["name_en"]},
			{"pci_province_id", p.PCIID, s["pci_province_id"]},
			{"new_code_2025", p.SuccessorCode, s["new_code_2025"]},
		}
		for _, c := range checks {
			if c[1] != c[2] {
				t.Errorf("province %s: %s = %q, shared says %q", p.Code, c[0], c[1], c[2])
			}
		}
		if p.ValidTo != "2025-07-01" {
			t.Errorf("province %s valid_to = %q, want 2025-07-01", p.Code, p.ValidTo)
		}
	}
	// The one extra unit is Hà Tây, merged into Hà Nội in 2008.
	if len(ref.Provinces) != 64 {
		t.Errorf("%d provinces, want 63 + Hà Tây", len(ref.Provinces))
	}
	if ht := byCode["28"]; ht.Name != "Hà Tây" || ht.ValidTo != "2008-08-01" || ht.SuccessorCode != "01" {
		t.Errorf("Hà Tây = %+v", ht)
	}
}

func TestCrosswalkMatchesSharedAndCoversEveryProvinceOnce(t *testing.T) {
	ref := MustLoad()
	shared := readSharedCSV(t, "province_merger_2025.csv")
	want := map[string]string{}
	for _, s := range shared {
		want[s["old_code"]] = s["new_code"]
	}
	got := map[string]string{}
	for _, c := range ref.Crosswalk {
		if _, dup := got[c.OldCode]; dup {
			t.Errorf("old province %s appears twice in the crosswalk", c.OldCode)
		}
		got[c.OldCode] = c.NewCode
	}
	if len(got) != 63 {
		t.Errorf("crosswalk covers %d old provinces, want 63", len(got))
	}
	for old, n := range want {
		if got[old] != n {
			t.Errorf("crosswalk %s -> %q, shared says %q", old, got[old], n)
		}
	}
	units := map[string]bool{}
	for _, u := range ref.Units2025 {
		units[u.Code] = true
	}
	if len(units) != 34 {
		t.Errorf("%d units from 2025, want 34", len(units))
	}
	targets := map[string]bool{}
	for _, n := range got {
		if !units[n] {
			t.Errorf("crosswalk target %s is not a 2025 unit", n)
		}
		targets[n] = true
	}
	if len(targets) != 34 {
		t.Errorf("crosswalk reaches %d units, want 34", len(targets))
	}
}

func TestIndexDefinitionsAreConsistent(t *testing.T) {
	ref := MustLoad()
	for _, ix := range ref.Indices {
		comps := ref.ComponentsOf(ix.ID, 0)
		if len(comps) == 0 {
			t.Errorf("index %s has no components", ix.ID)
		}
		hasTotal := false
		type span struct{ from, to int }
		spans := map[string][]span{}
		codes := map[string]bool{}
		for _, c := range comps {
			codes[c.Code] = true
		}
		for _, c := range comps {
			if c.Code == "TOTAL" {
				hasTotal = true
			}
			if c.Parent != "" && !codes[c.Parent] {
				t.Errorf("%s %s: parent %s is not a component", ix.ID, c.Code, c.Parent)
			}
			if c.ScaleMin == "" || c.ScaleMax == "" {
				t.Errorf("%s %s: scale missing", ix.ID, c.Code)
			}
			to := 9999
			if c.ValidTo != "" {
				to = atoi(c.ValidTo)
			}
			spans[c.Code] = append(spans[c.Code], span{c.ValidFrom, to})
		}
		if !hasTotal {
			t.Errorf("index %s has no TOTAL component", ix.ID)
		}
		for code, ss := range spans {
			sort.Slice(ss, func(i, j int) bool { return ss[i].from < ss[j].from })
			for i := 1; i < len(ss); i++ {
				if ss[i].from <= ss[i-1].to {
					t.Errorf("%s %s: year ranges overlap (%v)", ix.ID, code, ss)
				}
			}
		}
	}
	// PAPI: 6 dimensions until 2017, 8 from 2018; D5 has 3 sub-dimensions from 2021.
	count := func(year int, parent string) int {
		n := 0
		for _, c := range ref.ComponentsOf("PAPI", year) {
			if c.Parent == parent {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		year   int
		parent string
		want   int
	}{{2017, "TOTAL", 6}, {2018, "TOTAL", 8}, {2020, "D5", 4}, {2021, "D5", 3}, {2018, "D8", 2}, {2019, "D8", 3}, {2016, "D2", 3}, {2018, "D2", 4}} {
		if got := count(c.year, c.parent); got != c.want {
			t.Errorf("PAPI %d: %s has %d children, want %d", c.year, c.parent, got, c.want)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
