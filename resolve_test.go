package cchc

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"cchc/data"
)

// byYear resolves on the map in force for the year, as ingest does.
type byYear struct{ r *Resolver }

func (b byYear) Resolve(name string, year int) (Unit, error) {
	return b.r.Resolve(name, MapFor(year), year)
}
func (b byYear) ResolvePCIID(id string, year int) (Unit, error) {
	return b.r.ResolvePCIID(id, MapFor(year), year)
}

func resolver(t testing.TB) byYear {
	t.Helper()
	return byYear{NewResolver(data.MustLoad())}
}

func TestResolveProvinceVariants(t *testing.T) {
	r := resolver(t)
	tests := []struct {
		name, in, code string
	}{
		{"the short official form of TP.HCM", "Tp.HCM", "79"},
		{"TP. with a space and diacritics", "TP. Hồ Chí Minh", "79"},
		{"the English abbreviation", "HCMC", "79"},
		{"the full official name", "Thành phố Hồ Chí Minh", "79"},
		{"the abbreviated Thừa Thiên Huế", "TT-Huế", "46"},
		{"the common Thừa Thiên Huế", "Thừa Thiên Huế", "46"},
		{"the official Huế", "Huế", "46"},
		{"BR-VT", "BR-VT", "77"},
		{"Bà Rịa - Vũng Tàu with spaces", "Bà Rịa - Vũng Tàu", "77"},
		{"Đắc Lắc spelled the old way", "Đắc Lắc", "66"},
		{"Bắc Cạn spelled the old way", "Bắc Cạn", "06"},
		{"lower case without diacritics", "quang ninh", "22"},
		{"upper case", "QUẢNG NINH", "22"},
		{"the official name with Tỉnh", "Tỉnh Quảng Ninh", "22"},
		{"decomposed Unicode", norm.NFD.String("Quảng Ninh"), "22"},
		{"Hòa with the new accent placement", "Hòa Bình", "17"},
		{"Hoà with the old accent placement", "Hoà Bình", "17"},
		{"the ASCII English name", "Ba Ria-Vung Tau", "77"},
		{"a GSO code", "1", "01"},
		{"a two-digit GSO code", "79", "79"},
		{"Hà Tây before its merger", "Hà Tây", "28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := r.Resolve(tt.in, 2019)
			if tt.code == "28" {
				u, err = r.Resolve(tt.in, 2007)
			}
			if err != nil || string(u.Code) != tt.code || u.Set != Units63 {
				t.Errorf("Resolve(%q, 2019) = %+v, %v; want code %s", tt.in, u, err, tt.code)
			}
		})
	}
}

func TestResolveEveryReferenceName(t *testing.T) {
	r := resolver(t)
	for _, p := range data.MustLoad().Provinces {
		year := 2019
		if p.Code == "28" {
			year = 2006
		}
		for _, n := range []string{p.NameOfficial, p.Name, p.NameCommon, p.NameEN, p.NameASCII, strings.ToUpper(p.Name), norm.NFD.String(p.Name)} {
			u, err := r.Resolve(n, year)
			if err != nil || string(u.Code) != p.Code {
				t.Errorf("Resolve(%q) = %+v, %v; want %s", n, u, err, p.Code)
			}
		}
	}
}

func TestResolveAcrossTheMerger(t *testing.T) {
	r := resolver(t)
	tests := []struct {
		name, in string
		year     int
		code     string
		set      string
		note     bool
	}{
		{"Bắc Ninh in 2019 is the old province", "Bắc Ninh", 2019, "27", "63", false},
		{"Bắc Ninh in 2026 is the new unit", "Bắc Ninh", 2026, "24", "34", false},
		{"Bắc Giang in 2026 resolves to its successor with a note", "Bắc Giang", 2026, "24", "34", true},
		{"TP.HCM in 2025 is the new city", "Tp.HCM", 2025, "79", "34", false},
		{"Bình Dương in 2025 is part of TP.HCM", "Bình Dương", 2025, "79", "34", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := r.Resolve(tt.in, tt.year)
			if err != nil || string(u.Code) != tt.code || string(u.Set) != tt.set || (u.Note != "") != tt.note {
				t.Errorf("Resolve(%q, %d) = %+v, %v", tt.in, tt.year, u, err)
			}
		})
	}
	if _, err := r.Resolve("Hà Tây", 2010); err == nil {
		t.Error("Hà Tây in 2010 resolved; it was merged into Hà Nội in 2008")
	}
}

func TestUnknownProvinceSuggestsTheClosest(t *testing.T) {
	r := resolver(t)
	_, err := r.Resolve("Quang Nihn", 2019)
	var ue *UnknownProvinceError
	if !errors.As(err, &ue) || ue.Suggestion != "Quảng Ninh" {
		t.Fatalf("Resolve(Quang Nihn) error = %v, want a suggestion of Quảng Ninh", err)
	}
	if !strings.Contains(err.Error(), "Quang Nihn") {
		t.Errorf("error %q does not name the value", err)
	}
	if _, err := r.Resolve("Atlantis", 2019); err == nil {
		t.Error("Resolve(Atlantis) succeeded")
	}
}

func TestResolvePCIID(t *testing.T) {
	r := resolver(t)
	for id, code := range map[string]string{"1": "01", "2": "31", "3": "48", "4": "79"} {
		if u, err := r.ResolvePCIID(id, 2015); err != nil || string(u.Code) != code {
			t.Errorf("ResolvePCIID(%s) = %+v, %v; want %s", id, u, err, code)
		}
	}
}

func FuzzResolveProvince(f *testing.F) {
	r := resolver(f)
	for _, s := range []string{"Tp.HCM", "TT-Huế", "BR-VT", "Đắc Lắc", "79", "", "tỉnh", "thành phố ", "Hà Tây"} {
		f.Add(s, 2019)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		u, err := r.Resolve(s, year)
		if err == nil && (len(u.Code) != 2 || (u.Set != "63" && u.Set != "34")) {
			t.Fatalf("Resolve(%q, %d) = %+v", s, year, u)
		}
		// Case and normal form never change the answer.
		u2, err2 := r.Resolve(norm.NFD.String(strings.ToUpper(s)), year)
		if (err == nil) != (err2 == nil) || u.Code != u2.Code {
			if strings.ToUpper(s) == s || norm.NFC.String(s) == norm.NFC.String(strings.ToUpper(s)) {
				return
			}
			// upper-casing can change a few non-Vietnamese letters; only compare ASCII+Vietnamese inputs
			if isVietnameseText(s) {
				t.Fatalf("Resolve(%q) = %v,%v but upper-case NFD = %v,%v", s, u, err, u2, err2)
			}
		}
	})
}

func isVietnameseText(s string) bool {
	for _, r := range norm.NFC.String(s) {
		if r > 0x1EFF || (r > 0x24F && r < 0x1E00) {
			return false
		}
	}
	return true
}

func TestNoTwoProvincesShareAMatchingKey(t *testing.T) {
	seen := map[string]string{}
	for _, p := range data.MustLoad().Provinces {
		for _, n := range []string{p.NameOfficial, p.Name, p.NameCommon, p.NameEN, p.NameASCII} {
			k := Squash(stripPrefix(n))
			if c, ok := seen[k]; ok && c != p.Code {
				t.Errorf("%q of %s folds like a name of %s", n, p.Code, c)
			}
			seen[k] = p.Code
		}
	}
	for _, a := range data.MustLoad().ProvinceAliases {
		k := Squash(stripPrefix(a.Alias))
		if c, ok := seen[k]; ok && c != a.Code {
			t.Errorf("alias %q of %s folds like a name of %s", a.Alias, a.Code, c)
		}
	}
}
