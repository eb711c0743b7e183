package cchc

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"cchc/data"
)

// Unit is a resolved provincial unit: its code, the map it belongs to and
// its Vietnamese name.
type Unit struct {
	Code   ProvinceCode
	Set    UnitSet
	Name   string
	Note   string // set when a former province's name was mapped to its 34-unit successor
	Ending int    // last year of a unit that ended before the 2025 merger (Hà Tây: 2008), else 0
}

// Resolver turns the names and codes people write into units of a map.
// It is the one place a name becomes a code: ingest resolves every cell
// through it, and every command resolves its --province and --highlight.
type Resolver struct {
	old     map[string]ProvinceCode // squashed name -> 63-unit code
	new     map[string]ProvinceCode // squashed name -> 34-unit code
	oldByC  map[ProvinceCode]data.Province
	newByC  map[ProvinceCode]data.Unit2025
	pciID   map[string]ProvinceCode
	choices []choice // for suggestions, sorted by key
}

type choice struct{ key, name string }

// UnknownProvinceError names the value and the closest known province.
type UnknownProvinceError struct {
	Value      string
	Suggestion string
}

func (e *UnknownProvinceError) Error() string {
	if e.Suggestion != "" {
		v := BoundQuoted(e.Value)
		return fmt.Sprintf("không nhận ra tỉnh/thành %s, có phải %q? / unknown province %s, did you mean %q?", v, e.Suggestion, v, e.Suggestion)
	}
	v := BoundQuoted(e.Value)
	return fmt.Sprintf("không nhận ra tỉnh/thành %s / unknown province %s", v, v)
}

// NewResolver builds a resolver from the reference tables.
func NewResolver(ref *data.Reference) *Resolver {
	r := &Resolver{
		old: map[string]ProvinceCode{}, new: map[string]ProvinceCode{},
		oldByC: map[ProvinceCode]data.Province{}, newByC: map[ProvinceCode]data.Unit2025{},
		pciID: map[string]ProvinceCode{},
	}
	for _, p := range ref.Provinces {
		code := ProvinceCode(p.Code)
		r.oldByC[code] = p
		if p.PCIID != "" {
			r.pciID[p.PCIID] = code
		}
		for _, n := range []string{p.NameOfficial, p.Name, p.NameCommon, p.NameEN, p.NameASCII} {
			r.addOld(n, code)
		}
		r.choices = append(r.choices, choice{Squash(p.Name), p.Name})
	}
	sort.Slice(r.choices, func(i, j int) bool { return r.choices[i].key < r.choices[j].key })
	for _, a := range ref.ProvinceAliases {
		r.addOld(a.Alias, ProvinceCode(a.Code))
	}
	for _, u := range ref.Units2025 {
		r.newByC[ProvinceCode(u.Code)] = u
		for _, n := range []string{u.NameOfficial, u.Name, u.NameEN, u.NameASCII} {
			r.new[Squash(stripPrefix(n))] = ProvinceCode(u.Code)
		}
	}
	// Aliases of an unchanged province name its successor too (TP.HCM).
	for _, a := range ref.ProvinceAliases {
		if succ := ProvinceCode(r.oldByC[ProvinceCode(a.Code)].SuccessorCode); succ == ProvinceCode(a.Code) {
			if _, ok := r.new[Squash(stripPrefix(a.Alias))]; !ok {
				r.new[Squash(stripPrefix(a.Alias))] = succ
			}
		}
	}
	return r
}

// Resolve returns the unit that name means on a map in a year; it is
// Provinces().Resolve.
func Resolve(name string, set UnitSet, year int) (Unit, error) {
	return theDomain().resolver.Resolve(name, set, year)
}

// Provinces returns the resolver built from the embedded reference.
func Provinces() *Resolver { return theDomain().resolver }

func (r *Resolver) addOld(name string, code ProvinceCode) {
	if name == "" {
		return
	}
	r.old[Squash(stripPrefix(name))] = code
}

// stripPrefix drops "Tỉnh", "Thành phố", "TP." in front of a name.
func stripPrefix(s string) string {
	f := Fold(s)
	for _, p := range []string{"thanh pho ", "tinh ", "tp "} {
		if strings.HasPrefix(f, p) && len(f) > len(p) {
			return f[len(p):]
		}
	}
	return f
}

// maxNameBytes is longer than any province name with its prefix and
// diacritics; a longer value is not looked up.
const maxNameBytes = 256

// Resolve returns the unit that name means on map set in year. On the
// 34-unit map a name of the 34 units wins, and a former province's name
// resolves to the unit it became part of, with a note. On the 63-unit map
// a province that had ended by year (Hà Tây after 2008) is an error. A GSO
// code ("1", "01") is read as a code of set.
func (r *Resolver) Resolve(name string, set UnitSet, year int) (Unit, error) {
	if len(name) > maxNameBytes {
		// no province is named in a paragraph: no folding, no suggestion
		return Unit{}, &UnknownProvinceError{Value: name}
	}
	v := NFC(name)
	if v == "" {
		return Unit{}, fmt.Errorf("thiếu tên tỉnh/thành / province is empty")
	}
	if code, ok := codeOf(v); ok {
		return r.byCode(code, set, year, v)
	}
	key := Squash(stripPrefix(v))
	if set == Units34 {
		if code, ok := r.new[key]; ok {
			return Unit{Code: code, Set: Units34, Name: r.newByC[code].Name}, nil
		}
	}
	if code, ok := r.old[key]; ok {
		return r.fromOld(code, set, year, v)
	}
	return Unit{}, &UnknownProvinceError{Value: v, Suggestion: r.suggest(key)}
}

// ResolveCode resolves a GSO code written in a file, as a code of set.
func (r *Resolver) ResolveCode(code string, set UnitSet, year int) (Unit, error) {
	c, ok := codeOf(NFC(code))
	if !ok {
		return Unit{}, &UnknownProvinceError{Value: code}
	}
	return r.byCode(c, set, year, code)
}

// ResolvePCIID resolves PCI's own province id (Hà Nội 1, TP.HCM 4, ...).
func (r *Resolver) ResolvePCIID(id string, set UnitSet, year int) (Unit, error) {
	code, ok := r.pciID[strings.TrimSpace(id)]
	if !ok {
		return Unit{}, &UnknownProvinceError{Value: "PCI id " + id}
	}
	return r.fromOld(code, set, year, id)
}

func codeOf(v string) (ProvinceCode, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 99 {
		return "", false
	}
	return ProvinceCode(fmt.Sprintf("%02d", n)), true
}

func (r *Resolver) byCode(code ProvinceCode, set UnitSet, year int, v string) (Unit, error) {
	if set == Units34 {
		if u, ok := r.newByC[code]; ok {
			return Unit{Code: code, Set: Units34, Name: u.Name}, nil
		}
		return Unit{}, fmt.Errorf("mã %s không thuộc 34 đơn vị từ 2025 / code %s is not one of the 34 units from 2025", BoundQuoted(v), BoundQuoted(v))
	}
	if _, ok := r.oldByC[code]; ok {
		return r.fromOld(code, set, year, v)
	}
	return Unit{}, &UnknownProvinceError{Value: v}
}

func (r *Resolver) fromOld(code ProvinceCode, set UnitSet, year int, v string) (Unit, error) {
	p := r.oldByC[code]
	end := 0
	if p.ValidTo != "" {
		end, _ = strconv.Atoi(p.ValidTo[:4])
	}
	merger := MergerDate().Year()
	if set == Units34 && p.SuccessorCode != "" {
		u := r.newByC[ProvinceCode(p.SuccessorCode)]
		note := ""
		if ProvinceCode(p.SuccessorCode) != code || u.Name != p.Name {
			note = fmt.Sprintf("%q (mã cũ %s) nay thuộc %s / now part of %s", v, code, u.Name, u.Name)
		}
		return Unit{Code: ProvinceCode(u.Code), Set: Units34, Name: u.Name, Note: note}, nil
	}
	if year > 0 && end > 0 && end < merger && year > end {
		return Unit{}, fmt.Errorf("%s không còn tồn tại năm %d (sáp nhập năm %d) / %s no longer existed in %d (merged in %d)", p.Name, year, end, p.Name, year, end)
	}
	u := Unit{Code: code, Set: Units63, Name: p.Name}
	if end < merger {
		u.Ending = end
	}
	return u, nil
}

// suggest returns the province name closest to key by edit distance.
func (r *Resolver) suggest(key string) string {
	best, bestD := "", 1<<30
	for _, c := range r.choices {
		if d := editDistance(key, c.key); d < bestD {
			best, bestD = c.name, d
		}
	}
	if bestD > len(key)/2+2 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
