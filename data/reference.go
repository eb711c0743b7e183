// Package data holds cchc's reference tables (provinces before and after the
// 2025 merger, the crosswalk, index definitions, header and province aliases),
// embedded into the binary so that cchc works with no network and no files
// beside it. It reads nothing from outside and writes nothing.
package data

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/gocarina/gocsv"
)

//go:embed reference/*.csv
var referenceFS embed.FS

// ReferenceFS returns the embedded reference CSV files, under "reference/".
func ReferenceFS() fs.FS { return referenceFS }

// Province is one provincial unit of the 63-unit map (plus Hà Tây, which
// ended in 2008). Codes are GSO codes; ValidTo is exclusive.
type Province struct {
	Code          string `csv:"code"`
	NameOfficial  string `csv:"name_vi_official"`
	Name          string `csv:"name_vi"`
	NameCommon    string `csv:"name_vi_common"`
	NameEN        string `csv:"name_en"`
	NameASCII     string `csv:"name_ascii"`
	Region        string `csv:"region"`
	PCIID         string `csv:"pci_id"`
	ValidFrom     string `csv:"valid_from"`
	ValidTo       string `csv:"valid_to"`
	SuccessorCode string `csv:"successor_code"`
}

// Unit2025 is one of the 34 provincial units in force from 2025-07-01.
type Unit2025 struct {
	Code         string `csv:"code"`
	NameOfficial string `csv:"name_vi_official"`
	Name         string `csv:"name_vi"`
	NameEN       string `csv:"name_en"`
	NameASCII    string `csv:"name_ascii"`
	Type         string `csv:"type_vi"`
	ValidFrom    string `csv:"valid_from"`
}

// CrosswalkRow maps an old (63-unit) province to its 34-unit successor.
type CrosswalkRow struct {
	OldCode       string `csv:"old_code"`
	NewCode       string `csv:"new_code"`
	EffectiveDate string `csv:"effective_date"`
}

// Region is one of the six socio-economic regions.
type Region struct {
	Code   string `csv:"code"`
	NameVI string `csv:"name_vi"`
	NameEN string `csv:"name_en"`
}

// ProvinceAlias is a spelling of a province name that the official, common,
// ASCII and English names do not cover.
type ProvinceAlias struct {
	Alias string `csv:"alias"`
	Code  string `csv:"code"`
	Note  string `csv:"note"`
}

// HeaderAlias maps a header spelling to a canonical input field.
type HeaderAlias struct {
	Field string `csv:"field"`
	Alias string `csv:"alias"`
}

// Index defines one of the indices (PAR, PAPI, PCI, SIPAS).
type Index struct {
	ID          string `csv:"index"`
	NameVI      string `csv:"name_vi"`
	NameEN      string `csv:"name_en"`
	OwnerVI     string `csv:"owner_vi"`
	OwnerEN     string `csv:"owner_en"`
	Unit        string `csv:"unit"`
	Direction   string `csv:"direction"`
	FirstYear   int    `csv:"first_year"`
	TotalRule   string `csv:"total_rule"`
	GroupMethod string `csv:"group_method"`
	Aliases     string `csv:"aliases"`
	// Kind is "published" for an index an outside body publishes (files
	// carry its scores), "measure" for one cchc computes from loaded data
	// (training, dossiers): ranked like an index, never read from a file.
	Kind string `csv:"kind"`
}

// Component is one component of an index over a range of years. A code may
// have several rows when its name or scale changed; ValidTo empty means open.
type Component struct {
	Index     string `csv:"index"`
	Code      string `csv:"code"`
	Parent    string `csv:"parent"`
	Level     string `csv:"level"`
	ValidFrom int    `csv:"valid_from"`
	ValidTo   string `csv:"valid_to"`
	ScaleMin  string `csv:"scale_min"`
	ScaleMax  string `csv:"scale_max"`
	NameVI    string `csv:"name_vi"`
	NameEN    string `csv:"name_en"`
	Aliases   string `csv:"aliases"`
}

// ValidIn reports whether the component row covers year.
func (c Component) ValidIn(year int) bool {
	if year < c.ValidFrom {
		return false
	}
	if c.ValidTo == "" {
		return true
	}
	var to int
	fmt.Sscan(c.ValidTo, &to)
	return year <= to
}

// IndexGroup is one group of an index's own grouping (PAR A/B, PCI tiers,
// PAPI quartiles): a metric in [Lower, Upper), either bound open when empty.
type IndexGroup struct {
	Index   string `csv:"index"`
	Code    string `csv:"group_code"`
	LabelVI string `csv:"label_vi"`
	LabelEN string `csv:"label_en"`
	Lower   string `csv:"lower"`
	Upper   string `csv:"upper"`
	Note    string `csv:"note"`
}

// MethodologyBreak records a year from which an index is not comparable with
// earlier years; Action is "refuse" or "flag".
type MethodologyBreak struct {
	Index     string `csv:"index"`
	Year      int    `csv:"year"`
	Component string `csv:"component"`
	Action    string `csv:"action"`
	NoteVI    string `csv:"note_vi"`
	NoteEN    string `csv:"note_en"`
}

// TrainingTopic is a canonical training topic and the spellings that map
// to it (aliases separated by "|", matched as whole folded words).
type TrainingTopic struct {
	Code    string `csv:"topic"`
	NameVI  string `csv:"name_vi"`
	NameEN  string `csv:"name_en"`
	Aliases string `csv:"aliases"`
}

// TileCell places one provincial unit on the dashboard's tile map: a grid
// of equal tiles, one a unit, roughly where the unit lies, north at row 0.
type TileCell struct {
	UnitSet string `csv:"-"` // "63" or "34": which file it came from
	Code    string `csv:"code"`
	NameVI  string `csv:"name_vi"`
	Row     int    `csv:"row"`
	Col     int    `csv:"col"`
}

// Reference is every reference table, parsed.
type Reference struct {
	Provinces       []Province
	Units2025       []Unit2025
	Crosswalk       []CrosswalkRow
	Regions         []Region
	ProvinceAliases []ProvinceAlias
	HeaderAliases   []HeaderAlias
	Indices         []Index
	Components      []Component
	Groups          []IndexGroup
	Breaks          []MethodologyBreak
	TrainingTopics  []TrainingTopic
	// Tiles is the tile layout of the 63-unit map, then of the 34-unit map.
	Tiles []TileCell
}

var (
	refOnce sync.Once
	ref     *Reference
	refErr  error
)

// Load parses the embedded reference tables once and returns them. The
// result is shared: callers must not modify it.
func Load() (*Reference, error) {
	refOnce.Do(func() {
		r := &Reference{}
		for _, t := range []struct {
			file string
			dst  any
		}{
			{"provinces.csv", &r.Provinces},
			{"units_2025.csv", &r.Units2025},
			{"crosswalk_2025.csv", &r.Crosswalk},
			{"regions.csv", &r.Regions},
			{"province_aliases.csv", &r.ProvinceAliases},
			{"header_aliases.csv", &r.HeaderAliases},
			{"indices.csv", &r.Indices},
			{"index_components.csv", &r.Components},
			{"index_groups.csv", &r.Groups},
			{"methodology_breaks.csv", &r.Breaks},
			{"training_topics.csv", &r.TrainingTopics},
		} {
			b, err := referenceFS.ReadFile("reference/" + t.file)
			if err != nil {
				refErr = fmt.Errorf("reference %s: %w", t.file, err)
				return
			}
			if err := gocsv.UnmarshalBytes(b, t.dst); err != nil {
				refErr = fmt.Errorf("reference %s: %w", t.file, err)
				return
			}
		}
		for _, set := range []string{"63", "34"} {
			file := "tile_layout_" + set + ".csv"
			b, err := referenceFS.ReadFile("reference/" + file)
			if err != nil {
				refErr = fmt.Errorf("reference %s: %w", file, err)
				return
			}
			var cells []TileCell
			if err := gocsv.UnmarshalBytes(b, &cells); err != nil {
				refErr = fmt.Errorf("reference %s: %w", file, err)
				return
			}
			for i := range cells {
				cells[i].UnitSet = set
			}
			r.Tiles = append(r.Tiles, cells...)
		}
		ref = r
	})
	return ref, refErr
}

// MustLoad is Load for callers that cannot go on without the reference
// tables; the embedded tables are checked by tests, so it does not fail in
// a released binary.
func MustLoad() *Reference {
	r, err := Load()
	if err != nil {
		panic(err)
	}
	return r
}

// Index returns the definition of index id (case-insensitive).
func (r *Reference) Index(id string) (Index, bool) {
	for _, ix := range r.Indices {
		if strings.EqualFold(ix.ID, id) {
			return ix, true
		}
	}
	return Index{}, false
}

// GroupOf returns the group of index named by text: its Vietnamese or
// English label, compared without regard to case or surrounding space
// (the marts match an official tier to its group the same way).
func (r *Reference) GroupOf(index, text string) (IndexGroup, bool) {
	text = strings.TrimSpace(text)
	for _, g := range r.Groups {
		if strings.EqualFold(g.Index, index) && (strings.EqualFold(g.LabelVI, text) || strings.EqualFold(g.LabelEN, text)) {
			return g, true
		}
	}
	return IndexGroup{}, false
}

// GroupLabels returns the Vietnamese labels of index's groups, in the
// reference order, for messages.
func (r *Reference) GroupLabels(index string) []string {
	var out []string
	for _, g := range r.Groups {
		if strings.EqualFold(g.Index, index) {
			out = append(out, g.LabelVI)
		}
	}
	return out
}

// IndexIDs returns the ids of the published indices (those files carry) in sorted order.
func (r *Reference) IndexIDs() []string {
	var ids []string
	for _, ix := range r.Indices {
		if ix.Kind == "published" {
			ids = append(ids, ix.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// ComponentsOf returns the component rows of index valid in year; year 0
// returns every row.
func (r *Reference) ComponentsOf(index string, year int) []Component {
	var out []Component
	for _, c := range r.Components {
		if c.Index == index && (year == 0 || c.ValidIn(year)) {
			out = append(out, c)
		}
	}
	return out
}
