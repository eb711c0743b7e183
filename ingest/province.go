package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"cchc/data"
)

// Unit is a resolved provincial unit: its code, the map it belongs to ("63"
// before 2025-07-01, "34" after) and its Vietnamese name.
type Unit struct {
	Code   string
	Set    string
	Name   string
	Note   string // set when a name was mapped across the merger
	Ending int    // last year of a unit that ended early (Hà Tây: 2008), else 0
}

// ProvinceResolver turns the names and codes people write into units.
type ProvinceResolver struct {
	old     map[string]string // folded name -> old code
	new     map[string]string // folded name -> 2025 code
	oldByC  map[string]data.Province
	newByC  map[string]data.Unit2025
	pciID   map[string]string
	choices []choice // for suggestions
}

type choice struct{ key, name string }

// UnknownProvinceError names the value and the closest known province.
type UnknownProvinceError struct {
	Value      string
	Suggestion string
}

func (e *UnknownProvinceError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("không nhận ra tỉnh/thành %q, có phải %q? / unknown province %q, did you mean %q?", e.Value, e.Suggestion, e.Value, e.Suggestion)
	}
	return fmt.Sprintf("không nhận ra tỉnh/thành %q / unknown province %q", e.Value, e.Value)
}

// NewProvinceResolver builds a resolver from the reference tables.
func NewProvinceResolver(ref *data.Reference) *ProvinceResolver {
	r := &ProvinceResolver{
		old: map[string]string{}, new: map[string]string{},
		oldByC: map[string]data.Province{}, newByC: map[string]data.Unit2025{},
		pciID: map[string]string{},
	}
	for _, p := range ref.Provinces {
		r.oldByC[p.Code] = p
		if p.PCIID != "" {
			r.pciID[p.PCIID] = p.Code
		}
		for _, n := range []string{p.NameOfficial, p.Name, p.NameCommon, p.NameEN, p.NameASCII} {
			r.addOld(n, p.Code)
		}
		r.choices = append(r.choices, choice{Squash(p.Name), p.Name})
	}
	for _, a := range ref.ProvinceAliases {
		r.addOld(a.Alias, a.Code)
	}
	for _, u := range ref.Units2025 {
		r.newByC[u.Code] = u
		for _, n := range []string{u.NameOfficial, u.Name, u.NameEN, u.NameASCII} {
			r.new[Squash(stripPrefix(n))] = u.Code
		}
	}
	// Aliases of a unchanged province name its successor too (TP.HCM).
	for _, a := range ref.ProvinceAliases {
		if succ := r.oldByC[a.Code].SuccessorCode; succ == a.Code {
			if _, ok := r.new[Squash(stripPrefix(a.Alias))]; !ok {
				r.new[Squash(stripPrefix(a.Alias))] = succ
			}
		}
	}
	return r
}

func (r *ProvinceResolver) addOld(name, code string) {
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

// Resolve returns the unit that name means in year: the 63-unit map before
// 2025, the 34-unit map from 2025 (an old name is resolved to its successor
// with a note). A GSO code ("1", "01") is accepted as is.
func (r *ProvinceResolver) Resolve(name string, year int) (Unit, error) {
	v := NFC(name)
	if v == "" {
		return Unit{}, fmt.Errorf("thiếu tên tỉnh/thành / province is empty")
	}
	if code, ok := r.codeOf(v); ok {
		return r.byCode(code, year, v)
	}
	key := Squash(stripPrefix(v))
	if year >= 2025 {
		if code, ok := r.new[key]; ok {
			u := r.newByC[code]
			return Unit{Code: code, Set: "34", Name: u.Name}, nil
		}
	}
	if code, ok := r.old[key]; ok {
		return r.fromOld(code, year, v)
	}
	return Unit{}, &UnknownProvinceError{Value: v, Suggestion: r.suggest(key)}
}

// ResolveCode resolves a GSO code written in a file.
func (r *ProvinceResolver) ResolveCode(code string, year int) (Unit, error) {
	c, ok := r.codeOf(NFC(code))
	if !ok {
		return Unit{}, &UnknownProvinceError{Value: code}
	}
	return r.byCode(c, year, code)
}

// ResolvePCIID resolves PCI's own province id (Hà Nội 1, TP.HCM 4, ...).
func (r *ProvinceResolver) ResolvePCIID(id string, year int) (Unit, error) {
	code, ok := r.pciID[strings.TrimSpace(id)]
	if !ok {
		return Unit{}, &UnknownProvinceError{Value: "PCI id " + id}
	}
	return r.fromOld(code, year, id)
}

func (r *ProvinceResolver) codeOf(v string) (string, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 99 {
		return "", false
	}
	return fmt.Sprintf("%02d", n), true
}

func (r *ProvinceResolver) byCode(code string, year int, v string) (Unit, error) {
	if year >= 2025 {
		if u, ok := r.newByC[code]; ok {
			return Unit{Code: code, Set: "34", Name: u.Name}, nil
		}
		return Unit{}, fmt.Errorf("mã %q không thuộc 34 đơn vị từ 2025 / code %q is not one of the 34 units from 2025", v, v)
	}
	if _, ok := r.oldByC[code]; ok {
		return r.fromOld(code, year, v)
	}
	return Unit{}, &UnknownProvinceError{Value: v}
}

func (r *ProvinceResolver) fromOld(code string, year int, v string) (Unit, error) {
	p := r.oldByC[code]
	end := 0
	if p.ValidTo != "" {
		end, _ = strconv.Atoi(p.ValidTo[:4])
	}
	if year >= 2025 && p.SuccessorCode != "" {
		u := r.newByC[p.SuccessorCode]
		note := ""
		if p.SuccessorCode != code || u.Name != p.Name {
			note = fmt.Sprintf("%q (mã cũ %s) nay thuộc %s / now part of %s", v, code, u.Name, u.Name)
		}
		return Unit{Code: u.Code, Set: "34", Name: u.Name, Note: note}, nil
	}
	if year > 0 && end > 0 && end < 2025 && year > end {
		return Unit{}, fmt.Errorf("%s không còn tồn tại năm %d (sáp nhập năm %d) / %s no longer existed in %d (merged in %d)", p.Name, year, end, p.Name, year, end)
	}
	u := Unit{Code: code, Set: "63", Name: p.Name}
	if end < 2025 {
		u.Ending = end
	}
	return u, nil
}

// suggest returns the province name closest to key by edit distance.
func (r *ProvinceResolver) suggest(key string) string {
	best, bestD := "", 1<<30
	cands := append([]choice(nil), r.choices...)
	sort.Slice(cands, func(i, j int) bool { return cands[i].key < cands[j].key })
	for _, c := range cands {
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
