package cchc

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"cchc/data"
)

// UnitSet names a map of provincial units: "63" (the provinces until
// 2025-07-01) or "34" (the units from then on).
type UnitSet string

// The two maps.
const (
	Units63 UnitSet = "63"
	Units34 UnitSet = "34"
)

// ParseUnitSet reads a --units value: "" (the map in force), "63" or "34".
func ParseUnitSet(s string) (UnitSet, error) {
	switch UnitSet(s) {
	case "", Units63, Units34:
		return UnitSet(s), nil
	}
	return "", fmt.Errorf("--units phải là 63 hoặc 34 / --units must be 63 or 34 (got %q)", s)
}

// Label is how a map is named to a reader: "bản đồ 63 đơn vị / 63-unit map".
func (u UnitSet) Label() string {
	return fmt.Sprintf("bản đồ %s đơn vị / %s-unit map", u, u)
}

// domain is the reference data read once into the shapes the rules need.
type domain struct {
	ref       *data.Reference
	merger    time.Time
	members   map[ProvinceCode][]ProvinceCode // 34-unit code -> former provinces, by code
	successor map[ProvinceCode]ProvinceCode   // former province -> 34-unit code
	resolver  *Resolver
	provinces map[ProvinceCode]data.Province
	units2025 map[ProvinceCode]data.Unit2025
	whole     map[ProvinceCode]bool
	loadErr   error
}

var (
	domOnce sync.Once
	dom     *domain
)

// theDomain parses the embedded reference once. The tables are checked by
// tests, so an error here is a broken build, reported by the first rule used.
func theDomain() *domain {
	domOnce.Do(func() {
		d := &domain{members: map[ProvinceCode][]ProvinceCode{}, successor: map[ProvinceCode]ProvinceCode{},
			provinces: map[ProvinceCode]data.Province{}, units2025: map[ProvinceCode]data.Unit2025{}, whole: map[ProvinceCode]bool{}}
		dom = d
		ref, err := data.Load()
		if err != nil {
			d.loadErr = err
			return
		}
		d.ref = ref
		for _, p := range ref.Provinces {
			d.provinces[ProvinceCode(p.Code)] = p
		}
		for _, u := range ref.Units2025 {
			d.units2025[ProvinceCode(u.Code)] = u
		}
		for _, cw := range ref.Crosswalk {
			newCode, oldCode := ProvinceCode(cw.NewCode), ProvinceCode(cw.OldCode)
			d.members[newCode] = append(d.members[newCode], oldCode)
			d.successor[oldCode] = newCode
			t, err := time.Parse(time.DateOnly, cw.EffectiveDate)
			if err != nil {
				d.loadErr = fmt.Errorf("reference crosswalk_2025.csv: effective_date %q of %s: %w", cw.EffectiveDate, cw.OldCode, err)
				return
			}
			if !d.merger.IsZero() && !t.Equal(d.merger) {
				d.loadErr = fmt.Errorf("reference crosswalk_2025.csv: two effective dates, %s and %s", d.merger.Format(time.DateOnly), cw.EffectiveDate)
				return
			}
			d.merger = t
		}
		if d.merger.IsZero() {
			d.loadErr = fmt.Errorf("reference crosswalk_2025.csv: no rows")
			return
		}
		for code, ms := range d.members {
			sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
			d.whole[code] = len(ms) == 1 && ms[0] == code
		}
		d.resolver = NewResolver(ref)
	})
	if dom.loadErr != nil {
		panic(dom.loadErr) // the embedded reference is broken: no release passes its tests so
	}
	return dom
}

// MergerDate is the day the 34-unit map came into force (2025-07-01), as
// the embedded crosswalk gives it.
func MergerDate() time.Time { return theDomain().merger }

// MapAt returns the map in force on a date.
func MapAt(t time.Time) UnitSet {
	if t.Before(MergerDate()) {
		return Units63
	}
	return Units34
}

// MapFor returns the map a year's figures are on: the map in force at the
// end of the year (2025's figures are on the 34-unit map, since the merger
// took effect in its course).
func MapFor(year int) UnitSet {
	return MapAt(time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC))
}

// MapOr returns chosen when the user chose a map, else the map for year.
func MapOr(chosen UnitSet, year int) UnitSet {
	if chosen != "" {
		return chosen
	}
	return MapFor(year)
}

// FirstYearOn34 is the first year whose figures are on the 34-unit map.
func FirstYearOn34() int {
	y := MergerDate().Year()
	if MapFor(y) != Units34 {
		y++
	}
	return y
}

// LeftWhole reports whether the 34-unit unit code is one former province,
// whole, under the same code (Lai Châu, Hà Nội, ...): its series runs on
// across the merger.
func LeftWhole(code ProvinceCode) bool { return theDomain().whole[code] }

// Members returns the former provinces (63-unit codes) of a 34-unit unit.
func Members(code ProvinceCode) []ProvinceCode {
	return append([]ProvinceCode(nil), theDomain().members[code]...)
}

// MemberNames returns the common names of the former provinces of a
// 34-unit unit, in code order.
func MemberNames(code ProvinceCode) []string {
	d := theDomain()
	var out []string
	for _, m := range d.members[code] {
		out = append(out, d.provinces[m].NameCommon)
	}
	return out
}
