// Package site renders the offline dashboard: HTML pages (html/template),
// the embedded assets (ECharts from its npm package, the page script and
// style) and one data file per dataset, each a JavaScript file that hands
// rows read from queries/ to the page script. The same bytes are written to
// a folder by 'cchc dashboard -o' (opened from file://, where Chromium
// refuses fetch(), hence data as <script src> files) and served by 'cchc
// serve'. The package computes nothing a mart could hold: it splits and
// encodes rows; the page script sorts, filters and draws them.
package site

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"cchc/queries"
)

//go:embed assets templates
var embedded embed.FS

// Site is every file of the dashboard, by slash-separated path.
type Site struct {
	files map[string][]byte
}

// Paths returns the paths of every file, sorted.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.files))
	for p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// File returns the file at p ("index.html", "data/meta.js").
func (s *Site) File(p string) ([]byte, bool) {
	b, ok := s.files[p]
	return b, ok
}

// WriteDir writes every file under dir.
func (s *Site) WriteDir(dir string) error {
	for _, p := range s.Paths() {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, s.files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ContentType returns the media type served for p.
func ContentType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".png":
		return "image/png"
	}
	return "text/plain; charset=utf-8"
}

// Page is one HTML page of the dashboard.
type Page struct {
	File    string // "index.html"
	Kind    string // the page script's view: rankings, trends, ...
	TitleVI string
	TitleEN string
	Nav     bool // listed in the navigation bar
}

// Pages are the dashboard's pages other than the province profiles.
var Pages = []Page{
	{"index.html", "rankings", "Xếp hạng", "Rankings", true},
	{"trends.html", "trends", "Xu hướng", "Trends", true},
	{"bump.html", "bump", "Thứ hạng qua các năm", "Rank over time", true},
	{"heatmap.html", "heatmap", "Bản đồ nhiệt", "Heatmap", true},
	{"scatter.html", "scatter", "Tương quan", "Scatter", true},
	{"map.html", "map", "Bản đồ ô", "Tile map", true},
	{"provinces.html", "provinces", "Hồ sơ tỉnh", "Province profiles", true},
	{"compare.html", "compare", "So sánh", "Compare", true},
	{"training.html", "training", "Đào tạo", "Training", true},
	{"dossiers.html", "dossiers", "Hồ sơ TTHC", "Dossiers", true},
}

// Data is what the site is built from, every part read through queries/.
type Data struct {
	Measures []queries.Measure
	Breaks   []queries.BreakRow
	Units    []queries.Unit
	Ledger   queries.Ledger
	Weights  string // weights of the 34-unit estimates
	// Scores and Changes of every index, by index id
	Scores   map[string][]queries.ScoreRow
	Changes  map[string][]queries.ChangeRow
	Values   []queries.ValueRow
	Pairs    []queries.PairRow
	Dossiers []queries.DossierCountRow
	Topics   []TopicRow
}

// TopicRow is the training of one topic in one year on one map, as
// queries.TrainingSummary gives it by topic.
type TopicRow struct {
	Units       string   `json:"units"`
	Year        int      `json:"year"`
	Topic       string   `json:"topic"`      // canonical code, or the topic as written
	TopicName   string   `json:"topic_name"` // the canonical name; "" when unmapped
	Mapped      bool     `json:"mapped"`
	Classes     int64    `json:"classes"`
	Attendances int64    `json:"attendances"`
	FemalePct   *float64 `json:"female_pct"`
}

// Load reads every dataset of the dashboard; weights is the scheme of the
// 34-unit estimates ("equal", "population", ...).
func Load(ctx context.Context, q *queries.Queries, weights string) (*Data, error) {
	d := &Data{Weights: weights, Scores: map[string][]queries.ScoreRow{}, Changes: map[string][]queries.ChangeRow{}}
	var err error
	if d.Measures, err = q.DashboardMeasures(ctx); err != nil {
		return nil, err
	}
	if d.Breaks, err = q.DashboardBreaks(ctx); err != nil {
		return nil, err
	}
	if d.Units, err = q.DashboardUnits(ctx); err != nil {
		return nil, err
	}
	if d.Ledger, err = q.DataAsOf(ctx); err != nil {
		return nil, err
	}
	for _, ix := range d.indexIDs() {
		if d.Scores[ix], err = q.DashboardScores(ctx, ix, weights); err != nil {
			return nil, err
		}
		if d.Changes[ix], err = q.DashboardChanges(ctx, ix, weights); err != nil {
			return nil, err
		}
	}
	if d.Values, err = q.DashboardValues(ctx, weights); err != nil {
		return nil, err
	}
	if d.Pairs, err = q.DashboardPairs(ctx, weights); err != nil {
		return nil, err
	}
	if d.Dossiers, err = q.DashboardDossiers(ctx); err != nil {
		return nil, err
	}
	for _, units := range []string{"63", "34"} {
		years, err := q.TrainingYears(ctx, units)
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			rs, err := q.TrainingSummary(ctx, queries.TrainingParams{Year: y, UnitSet: units, By: "topic"})
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				t := TopicRow{Units: units, Year: y, Topic: r.Key, TopicName: r.KeyName, Mapped: r.TopicMapped != nil && *r.TopicMapped,
					Classes: r.Classes, Attendances: r.Attendances, FemalePct: r.FemalePct}
				d.Topics = append(d.Topics, t)
			}
		}
	}
	return d, nil
}

// indexIDs are the indices (and training measures) with component scores.
func (d *Data) indexIDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range d.Measures {
		if m.Family != "dossier" && !seen[m.Index] {
			seen[m.Index] = true
			out = append(out, m.Index)
		}
	}
	return out
}

// FileName turns a code into a safe file-name part: letters, digits, '_'
// and '-' stay, every other byte is written as ~XX.
func FileName(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "~%02X", c)
		}
	}
	return b.String()
}

// Build renders every page, asset and data file.
func Build(d *Data) (*Site, error) {
	s := &Site{files: map[string][]byte{}}
	err := fs.WalkDir(embedded, "assets", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := embedded.ReadFile(p)
		s.files[p] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	// data files (empty lists as [], never null)
	if d.Measures == nil {
		d.Measures = []queries.Measure{}
	}
	if d.Breaks == nil {
		d.Breaks = []queries.BreakRow{}
	}
	if d.Units == nil {
		d.Units = []queries.Unit{}
	}
	illustrative := d.Ledger.Illustrative
	meta := map[string]any{
		"measures": d.Measures, "breaks": d.Breaks, "units": d.Units, "ledger": d.Ledger,
		"weights": d.Weights, "illustrative": illustrative,
	}
	if err := s.putData("meta", meta); err != nil {
		return nil, err
	}
	for _, ix := range d.indexIDs() {
		byComp := map[string][]queries.ScoreRow{}
		for _, r := range d.Scores[ix] {
			byComp[r.Component] = append(byComp[r.Component], r)
		}
		chByComp := map[string][]queries.ChangeRow{}
		for _, r := range d.Changes[ix] {
			chByComp[r.Component] = append(chByComp[r.Component], r)
		}
		for _, comp := range sortedKeys(byComp) {
			name := "scores-" + FileName(ix) + "-" + FileName(comp)
			if err := s.putData(name, map[string]any{"scores": columns(byComp[comp]), "changes": columns(chByComp[comp])}); err != nil {
				return nil, err
			}
		}
	}
	if err := s.putData("values", map[string]any{"values": columns(d.Values), "pairs": columns(d.Pairs), "dossiers": columns(d.Dossiers), "topics": columns(d.Topics)}); err != nil {
		return nil, err
	}
	// one profile per unit: that unit's scores of every index and component
	profile := map[string][]profileRow{}
	for _, ix := range d.indexIDs() {
		for _, r := range d.Scores[ix] {
			k := r.Units + "-" + r.ProvinceCode
			profile[k] = append(profile[k], profileRow{Index: ix, ScoreRow: r})
		}
	}
	for _, u := range d.Units {
		k := u.Units + "-" + u.ProvinceCode
		if err := s.putData("profile-"+FileName(k), map[string]any{"scores": columns(profile[k])}); err != nil {
			return nil, err
		}
	}
	// pages
	tmpl, err := template.ParseFS(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range Pages {
		if err := s.putPage(tmpl, d, p, nil); err != nil {
			return nil, err
		}
	}
	for _, u := range d.Units {
		unit := u
		p := Page{File: ProfileFile(u.Units, u.ProvinceCode), Kind: "profile",
			TitleVI: u.NameVI + " — hồ sơ tỉnh", TitleEN: u.NameEN + " — province profile"}
		if err := s.putPage(tmpl, d, p, &unit); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ProfileFile is the page of one unit's profile.
func ProfileFile(units, code string) string {
	return "province-" + FileName(units) + "-" + FileName(code) + ".html"
}

// profileRow is a score row with its index, for a unit's profile.
type profileRow struct {
	Index string `json:"index"`
	queries.ScoreRow
}

type pageData struct {
	Page         Page
	Nav          []Page
	Unit         *queries.Unit
	Units        []queries.Unit
	Ledger       queries.Ledger
	Illustrative bool
	ProfileFile  func(units, code string) string
}

func (s *Site) putPage(tmpl *template.Template, d *Data, p Page, u *queries.Unit) error {
	var nav []Page
	for _, n := range Pages {
		if n.Nav {
			nav = append(nav, n)
		}
	}
	var b bytes.Buffer
	pd := pageData{Page: p, Nav: nav, Unit: u, Units: d.Units, Ledger: d.Ledger, Illustrative: d.Ledger.Illustrative, ProfileFile: ProfileFile}
	if err := tmpl.ExecuteTemplate(&b, "page.html", pd); err != nil {
		return fmt.Errorf("page %s: %w", p.File, err)
	}
	s.files[p.File] = b.Bytes()
	return nil
}

// putData writes data/NAME.js, which hands v to the page script. JSON from
// encoding/json escapes <, > and & (and U+2028/9), so no value can close the
// script or start markup.
func (s *Site) putData(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("data %s: %w", name, err)
	}
	var out bytes.Buffer
	out.WriteString("CCHC.put(")
	nb, _ := json.Marshal(name)
	out.Write(nb)
	out.WriteString(", ")
	out.Write(b)
	out.WriteString(");\n")
	s.files["data/"+name+".js"] = out.Bytes()
	return nil
}

// table is rows as column names and value arrays, about half the size of
// an array of objects; the page script turns it back into objects.
type table struct {
	Columns []string `json:"c"`
	Rows    [][]any  `json:"r"`
}

// columns encodes a slice of structs as a table, with the JSON names of
// the fields (embedded structs flattened).
func columns(rows any) table {
	v := reflect.ValueOf(rows)
	t := table{Rows: [][]any{}}
	typ := v.Type().Elem()
	var paths [][]int
	var walk func(rt reflect.Type, prefix []int)
	walk = func(rt reflect.Type, prefix []int) {
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			idx := append(append([]int{}, prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			t.Columns = append(t.Columns, name)
			paths = append(paths, idx)
		}
	}
	walk(typ, nil)
	for i := 0; i < v.Len(); i++ {
		row := make([]any, len(paths))
		for j, p := range paths {
			row[j] = v.Index(i).FieldByIndex(p).Interface()
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
