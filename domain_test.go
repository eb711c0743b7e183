package cchc

import (
	"strings"
	"testing"
	"time"

	"cchc/data"
)

func TestMergerDateComesFromTheCrosswalk(t *testing.T) {
	ref := data.MustLoad()
	want := ref.Crosswalk[0].EffectiveDate
	if got := MergerDate().Format(time.DateOnly); got != want || got != "2025-07-01" {
		t.Errorf("MergerDate() = %s, want the crosswalk's %s (2025-07-01)", got, want)
	}
}

func TestMapInForce(t *testing.T) {
	for _, tt := range []struct {
		name string
		date string
		want UnitSet
	}{
		{"the day before the merger is on the 63-unit map", "2025-06-30", Units63},
		{"the merger day is on the 34-unit map", "2025-07-01", Units34},
		{"2008 is on the 63-unit map", "2008-01-01", Units63},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := time.Parse(time.DateOnly, tt.date)
			if got := MapAt(d); got != tt.want {
				t.Errorf("MapAt(%s) = %s, want %s", tt.date, got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		year int
		want UnitSet
	}{
		{"2024's figures are on 63 units", 2024, Units63},
		{"2025's figures are on 34 units (the map at the year's end)", 2025, Units34},
		{"2026's figures are on 34 units", 2026, Units34},
		{"2011's figures are on 63 units", 2011, Units63},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := MapFor(tt.year); got != tt.want {
				t.Errorf("MapFor(%d) = %s, want %s", tt.year, got, tt.want)
			}
		})
	}
	if FirstYearOn34() != 2025 {
		t.Errorf("FirstYearOn34() = %d, want 2025", FirstYearOn34())
	}
	if got := MapOr(Units34, 2020); got != Units34 {
		t.Errorf("MapOr(34, 2020) = %s: a chosen map wins", got)
	}
	if got := MapOr("", 2020); got != Units63 {
		t.Errorf("MapOr(\"\", 2020) = %s, want the map in force", got)
	}
}

func TestUnitsTheMergerLeftWhole(t *testing.T) {
	ref := data.MustLoad()
	n := map[string]int{}
	for _, cw := range ref.Crosswalk {
		n[cw.NewCode]++
	}
	whole := 0
	for _, u := range ref.Units2025 {
		got := LeftWhole(ProvinceCode(u.Code))
		if got {
			whole++
		}
		if want := n[u.Code] == 1; got != want {
			t.Errorf("LeftWhole(%s %s) = %v, want %v (%d former provinces)", u.Code, u.Name, got, want, n[u.Code])
		}
	}
	if whole != 11 {
		t.Errorf("%d units left whole, the resolution left 11", whole)
	}
	for _, tt := range []struct {
		name string
		code ProvinceCode
		want bool
	}{
		{"Lai Châu was left whole", "12", true},
		{"Hà Nội was left whole", "01", true},
		{"the new Bắc Ninh joined Bắc Giang and Bắc Ninh", "24", false},
		{"TP Hồ Chí Minh absorbed Bình Dương and Bà Rịa - Vũng Tàu", "79", false},
		{"an unknown code is not a unit", "99", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := LeftWhole(tt.code); got != tt.want {
				t.Errorf("LeftWhole(%s) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
	if got := strings.Join(MemberNames("24"), " + "); got != "Bắc Giang + Bắc Ninh" {
		t.Errorf("MemberNames(24) = %q", got)
	}
	if got := Members("79"); len(got) != 3 {
		t.Errorf("Members(79) = %v, want three former provinces", got)
	}
}

// TestResolveOnAChosenMap is the rule every command resolves --province and
// --highlight with: the map asked for, not the map of the year.
func TestResolveOnAChosenMap(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		set  UnitSet
		year int
		code ProvinceCode
		note bool
	}{
		{"Bắc Ninh on the 34-unit map of 2024 is the new unit (chart rank --units 34 --highlight)", "Bắc Ninh", Units34, 2024, "24", false},
		{"Bắc Ninh on the 63-unit map of 2024 is the old province", "Bắc Ninh", Units63, 2024, "27", false},
		{"Bắc Giang on the 34-unit map of 2020 is part of the new Bắc Ninh", "Bắc Giang", Units34, 2020, "24", true},
		{"Hà Nội is the same code on both maps", "Hà Nội", Units34, 2019, "01", false},
		{"a code on the 34-unit map is a code of the 34 units", "24", Units34, 2023, "24", false},
		{"a code on the 63-unit map is a code of the 63 provinces", "24", Units63, 2023, "24", false},
		{"the 63-unit map after the merger still names the old provinces", "Bắc Ninh", Units63, 2025, "27", false},
		{"an old name on the 34-unit map after the merger resolves to its successor", "Bình Dương", Units34, 2025, "79", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Resolve(tt.in, tt.set, tt.year)
			if err != nil || u.Code != tt.code || u.Set != tt.set || (u.Note != "") != tt.note {
				t.Errorf("Resolve(%q, %s, %d) = %+v, %v; want %s on %s, note %v", tt.in, tt.set, tt.year, u, err, tt.code, tt.set, tt.note)
			}
		})
	}
	if _, err := Resolve("99", Units34, 2025); err == nil {
		t.Error("code 99 resolved on the 34-unit map")
	}
}

func TestWeightSchemes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want WeightScheme
		bad  bool
	}{
		{"", "", false}, {"equal", WeightsEqual, false}, {"population", WeightsPopulation, false},
		{"staffing", WeightsStaffing, false}, {"dossiers", WeightsDossiers, false},
		{"reported", "", true}, {"gdp", "", true},
	} {
		got, err := ParseWeights(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("ParseWeights(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
	if DefaultWeights(true) != WeightsPopulation || DefaultWeights(false) != WeightsEqual {
		t.Error("the default is population once a population table covers every estimate, else equal")
	}
	if WeightsEqual.Missing("PCI 2022") != nil {
		t.Error("equal weights need nothing loaded")
	}
	for _, w := range []WeightScheme{WeightsPopulation, WeightsStaffing, WeightsDossiers} {
		err := w.Missing("PCI 2022")
		if err == nil || !strings.Contains(err.Error(), "PCI 2022") || !strings.Contains(err.Error(), "load ") {
			t.Errorf("%s.Missing = %v: must name the series and what to load", w, err)
		}
	}
	if WeightsPopulation.NameVI() != "theo dân số" || WeightsEqual.NameVI() != "trọng số bằng nhau" {
		t.Errorf("weight names: %q, %q", WeightsPopulation.NameVI(), WeightsEqual.NameVI())
	}
}

func TestParseUnitSet(t *testing.T) {
	for in, bad := range map[string]bool{"": false, "63": false, "34": false, "64": true, "all": true} {
		if _, err := ParseUnitSet(in); (err != nil) != bad {
			t.Errorf("ParseUnitSet(%q) error = %v, want error %v", in, err, bad)
		}
	}
}

func TestLookupIndex(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"PCI", "PCI"}, {"pci", "PCI"}, {"Chỉ số PAPI", "PAPI"}, {"chi so papi", "PAPI"},
		{"dossier_on_time", "dossier_on_time"}, {"training_per_100_cs", "training_per_100_cs"},
		{"service_766_proxy", "service_766_proxy"}, {"Chỉ số CCHC", "PAR"},
	} {
		ix, ok := LookupIndex(tt.in)
		if !ok || ix.ID != tt.want {
			t.Errorf("LookupIndex(%q) = %q, %v; want %q", tt.in, ix.ID, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "GDP", "dossier"} {
		if ix, ok := LookupIndex(bad); ok {
			t.Errorf("LookupIndex(%q) = %q, want none", bad, ix.ID)
		}
	}
	ids := IndexIDs()
	if len(ids) < 4 || ids[0] != "PAR" || ids[3] != "SIPAS" {
		t.Errorf("IndexIDs() = %v: the published indices first", ids)
	}
	if msg := (&UnknownIndexError{"GDP"}).Error(); !strings.Contains(msg, "dossier_on_time") || !strings.Contains(msg, "PCI") {
		t.Errorf("the unknown-index error lists what can be ranked: %s", msg)
	}
}
