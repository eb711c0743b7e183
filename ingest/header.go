package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"cchc"
	"cchc/data"
)

// Field is a canonical input column.
type Field string

// Canonical fields of index-score files.
const (
	FProvince     Field = "province"
	FProvinceCode Field = "province_code"
	FYear         Field = "year"
	FIndex        Field = "index"
	FComponent    Field = "component"
	FScore        Field = "score"
	FRank         Field = "rank"
	FRankType     Field = "rank_type" // "official", or "derived_from_score": a rank that is not official
	FPopulation   Field = "population"
)

// HeaderMapper maps header cells to canonical fields, and component
// columns of wide files to index components, through the alias tables.
type HeaderMapper struct {
	fields  map[string]Field
	indices map[string]string // folded alias -> index id
	comps   map[string]map[string][]data.Component
}

// NewHeaderMapper builds a mapper from the reference tables.
func NewHeaderMapper(ref *data.Reference) *HeaderMapper {
	m := &HeaderMapper{fields: map[string]Field{}, indices: map[string]string{}, comps: map[string]map[string][]data.Component{}}
	for _, a := range ref.HeaderAliases {
		m.fields[Fold(a.Alias)] = Field(a.Field)
	}
	for _, ix := range ref.Indices {
		if ix.Kind != "published" {
			continue // cchc's own measures are computed, never read from a file
		}
		m.indices[Fold(ix.ID)] = ix.ID
		m.indices[Fold(ix.NameVI)] = ix.ID
		m.indices[Fold(ix.NameEN)] = ix.ID
		for _, a := range splitAliases(ix.Aliases) {
			m.indices[Fold(a)] = ix.ID
		}
	}
	for _, c := range ref.Components {
		byKey := m.comps[c.Index]
		if byKey == nil {
			byKey = map[string][]data.Component{}
			m.comps[c.Index] = byKey
		}
		keys := append([]string{c.Code, c.NameVI, c.NameEN}, splitAliases(c.Aliases)...)
		seen := map[string]bool{}
		for _, k := range keys {
			f := Fold(k)
			if f == "" || seen[f] {
				continue
			}
			seen[f] = true
			byKey[f] = append(byKey[f], c)
		}
	}
	return m
}

func splitAliases(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// Field returns the canonical field a header cell names, if any.
func (m *HeaderMapper) Field(header string) (Field, bool) {
	f, ok := m.fields[Fold(header)]
	return f, ok
}

// Index returns the index id a cell names ("PCI", "Chỉ số CCHC", ...).
func (m *HeaderMapper) Index(v string) (string, bool) {
	id, ok := m.indices[Fold(v)]
	return id, ok
}

// Component returns the component code that label means for index in
// year; an empty label is the index's overall score ("TOTAL").
func (m *HeaderMapper) Component(index, label string, year int) (string, error) {
	if strings.TrimSpace(label) == "" {
		return "TOTAL", nil
	}
	cands := m.comps[index][Fold(label)]
	if len(cands) == 0 {
		cands = m.comps[index][Fold(strings.TrimRight(label, "*"))]
	}
	if len(cands) == 0 {
		if code, isNumbered, err := m.numberedComponent(index, label, year); isNumbered {
			return code, err
		}
		return "", fmt.Errorf("chỉ số %s không có thành phần %s / index %s has no component %s", index, cchc.BoundQuoted(label), index, cchc.BoundQuoted(label))
	}
	var codes []string
	for _, c := range cands {
		if c.ValidIn(year) {
			codes = appendUnique(codes, c.Code)
		}
	}
	switch len(codes) {
	case 1:
		return codes[0], nil
	case 0:
		return "", fmt.Errorf("thành phần %s của %s không có trong năm %d / component %s of %s is not defined for %d", cchc.BoundQuoted(label), index, year, cchc.BoundQuoted(label), index, year)
	}
	sort.Strings(codes)
	return "", fmt.Errorf("tên thành phần %s mơ hồ (%s) / ambiguous component label %s (%s)", cchc.BoundQuoted(label), strings.Join(codes, ", "), cchc.BoundQuoted(label), strings.Join(codes, ", "))
}

// IsComponent reports whether label names some component of index in any year.
func (m *HeaderMapper) IsComponent(index, label string) bool {
	if len(m.comps[index][Fold(label)]) > 0 || len(m.comps[index][Fold(strings.TrimRight(label, "*"))]) > 0 {
		return true
	}
	number, _, ok := numbered(label)
	return ok && len(m.comps[index][Fold(number)]) > 0
}

// uniqueList appends to a list only what it does not hold yet, in
// constant time each: appendUnique scans the list, which made a header of
// 100,000 ignored columns take 27 s. The list may also grow by plain
// appends between calls; what it holds is read from the list itself.
type uniqueList struct {
	seen map[string]bool
	n    int // how much of the list seen holds
}

func (u *uniqueList) add(s []string, v string) []string {
	if u.seen == nil || len(s) < u.n {
		u.seen, u.n = map[string]bool{}, 0
	}
	for ; u.n < len(s); u.n++ {
		u.seen[s[u.n]] = true
	}
	if u.seen[v] {
		return s
	}
	u.seen[v] = true
	u.n++
	return append(s, v)
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// Scale returns the scale of a component in year, when the reference gives one.
func (m *HeaderMapper) Scale(index, code string, year int) (lo, hi float64, ok bool) {
	for _, cs := range m.comps[index] {
		for _, c := range cs {
			if c.Code == code && c.ValidIn(year) {
				l, err1 := strconv.ParseFloat(c.ScaleMin, 64)
				h, err2 := strconv.ParseFloat(c.ScaleMax, 64)
				return l, h, err1 == nil && err2 == nil && h > l
			}
		}
	}
	return 0, 0, false
}

// checkScale refuses a score outside its component's scale in that year,
// with the tolerance of the build's check (0.01) for published rounding
// (PAPI 2020 publishes 0.331742 on a scale that starts at 1/3).
func (m *HeaderMapper) checkScale(index, code string, year int, v float64) error {
	lo, hi, ok := m.Scale(index, code, year)
	if !ok || v >= lo-0.01 && v <= hi+0.01 {
		return nil
	}
	return fmt.Errorf("ngoài thang %s-%s của %s %s năm %d / outside the %s-%s scale of %s %s in %d",
		FormatScore(lo), FormatScore(hi), index, code, year, FormatScore(lo), FormatScore(hi), index, code, year)
}

// ScaleStartsAboveZero reports whether the component's scale in year starts
// above 0, so that a 0 in an official sheet means "no data".
func (m *HeaderMapper) ScaleStartsAboveZero(index, code string, year int) bool {
	for _, cs := range m.comps[index] {
		for _, c := range cs {
			if c.Code == code && c.ValidIn(year) {
				v, err := strconv.ParseFloat(c.ScaleMin, 64)
				return err == nil && v > 0
			}
		}
	}
	return false
}
