// Package sample writes cchc's illustrative index files: PCI, PAPI, PAR
// Index and SIPAS scores of the 63 provinces for 2019-2024, in the shapes
// and encodings that real downloads come in (long and wide tables, CSV with
// and without a BOM, Vietnamese decimal commas, UTF-16 "Unicode text", XLSX).
//
// Every number is invented. The numbers are drawn from a small model so that
// they look like the real indices: each province has a lasting quality shared
// (with correlation) by the four indices, every index drifts gently upward
// over the years, and each year adds noise. Totals are consistent with their
// components the way each index defines them.
//
// Generation is deterministic: fixed seeds (math/rand/v2 PCG), no clock and
// no map iteration, so the same call always writes byte-identical files.
package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"cchc/data"
)

// File is one generated input file.
type File struct {
	Path   string // absolute or dir-joined path written
	Index  string // "PCI","PAPI","PAR","SIPAS"
	Format string // "long" or "wide" (wide files need `cchc ingest --index <Index>`)
	Years  []int
}

// File names, in the order Generate returns them.
const (
	PCIFile   = "pci_2019-2024.csv"
	PAPIFile  = "papi_2019-2024_rong.xlsx"
	PARFile   = "par_index_2019-2024.csv"
	SIPASFile = "sipas_2019-2024.txt"
)

// PAPISheet is the worksheet of the PAPI workbook.
const PAPISheet = "PAPI"

const (
	firstYear = 2019
	lastYear  = 2024
)

func years() []int {
	var ys []int
	for y := firstYear; y <= lastYear; y++ {
		ys = append(ys, y)
	}
	return ys
}

// Seeds of the random streams; changing one changes the sample.
const (
	seedLatent uint64 = 0x63C4C2019
	seedPCI    uint64 = 0x5C1
	seedPAPI   uint64 = 0x9A91
	seedPAR    uint64 = 0x9A2
	seedSIPAS  uint64 = 0x51FA5
	seedStream uint64 = 0xCCC2024
)

// crossIndexLoading is how much of each index's province effect is the
// shared quality (the rest is specific to the index): correlation between
// two indices' province effects is its square, about 0.5.
const crossIndexLoading = 0.72

// Generate writes the illustrative index files into dir (created if missing)
// and returns them in a fixed order.
func Generate(dir string) ([]File, error) {
	ref, err := data.Load()
	if err != nil {
		return nil, err
	}
	m := newModel(ref)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	jobs := []struct {
		name, index, format string
		gen                 func(*model) ([]byte, error)
	}{
		{PCIFile, "PCI", "long", genPCI},
		{PAPIFile, "PAPI", "wide", genPAPI},
		{PARFile, "PAR", "long", genPAR},
		{SIPASFile, "SIPAS", "wide", genSIPAS},
	}
	var files []File
	for _, j := range jobs {
		b, err := j.gen(m)
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", j.name, err)
		}
		path := filepath.Join(dir, j.name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
		files = append(files, File{Path: path, Index: j.index, Format: j.format, Years: years()})
	}
	return files, nil
}

// model holds the provinces and their shared quality.
type model struct {
	ref    *data.Reference
	provs  []data.Province
	latent []float64 // shared province quality, about N(0,1)
}

func newModel(ref *data.Reference) *model {
	m := &model{ref: ref}
	for _, p := range ref.Provinces {
		// In force over the whole of 2019-2024: the 63 provinces (not Hà Tây).
		if p.ValidFrom <= fmt.Sprintf("%d-01-01", firstYear) && (p.ValidTo == "" || p.ValidTo > fmt.Sprintf("%d-12-31", lastYear)) {
			m.provs = append(m.provs, p)
		}
	}
	slices.SortStableFunc(m.provs, func(a, b data.Province) int { return strings.Compare(a.Code, b.Code) })
	r := rand.New(rand.NewPCG(seedLatent, seedStream))
	for _, p := range m.provs {
		m.latent = append(m.latent, regionEffect(p.Region)+0.9*r.NormFloat64())
	}
	return m
}

// regionEffect is a mild regional pattern (the deltas and the south-east
// tend to score higher than the mountains and the highlands).
func regionEffect(region string) float64 {
	switch region {
	case "DBSH":
		return 0.35
	case "DNB":
		return 0.3
	case "DBSCL":
		return 0.1
	case "BTBDHMT":
		return 0
	case "TN":
		return -0.3
	case "TDMNPB":
		return -0.35
	}
	return 0
}

// effects returns one index's province effects: the shared quality mixed
// with an index-specific part drawn from r.
func (m *model) effects(r *rand.Rand) []float64 {
	own := math.Sqrt(1 - crossIndexLoading*crossIndexLoading)
	out := make([]float64, len(m.provs))
	for i := range m.provs {
		out[i] = crossIndexLoading*m.latent[i] + own*r.NormFloat64()
	}
	return out
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seedStream)) }

// softBound keeps x inside (lo, hi): it is x itself away from the bounds and
// bends smoothly toward a bound within margin of it, so no value piles up on
// a bound.
func softBound(x, lo, hi, margin float64) float64 {
	switch {
	case x > hi-margin:
		return hi - margin*math.Exp(-(x-(hi-margin))/margin)
	case x < lo+margin:
		return lo + margin*math.Exp((x-(lo+margin))/margin)
	}
	return x
}

func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

func fmtDot(x float64, decimals int) string { return strconv.FormatFloat(x, 'f', decimals, 64) }

// fmtComma writes x the Vietnamese way: "88,37".
func fmtComma(x float64, decimals int) string {
	return strings.Replace(fmtDot(x, decimals), ".", ",", 1)
}

// competitionRanks ranks scores high to low; equal scores (compared at the
// given decimals) share a rank and the next rank is skipped: 1, 2, 2, 4.
func competitionRanks(scores []float64, decimals int) []int {
	keys := make([]int64, len(scores))
	p := math.Pow(10, float64(decimals))
	for i, s := range scores {
		keys[i] = int64(math.Round(s * p))
	}
	ranks := make([]int, len(scores))
	for i := range keys {
		r := 1
		for j := range keys {
			if keys[j] > keys[i] {
				r++
			}
		}
		ranks[i] = r
	}
	return ranks
}

func nfc(s string) string { return norm.NFC.String(s) }

func nfcAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = nfc(s)
	}
	return out
}

func parseScale(c data.Component) (lo, hi float64, err error) {
	if lo, err = strconv.ParseFloat(c.ScaleMin, 64); err != nil {
		return 0, 0, fmt.Errorf("%s %s: scale_min %q: %w", c.Index, c.Code, c.ScaleMin, err)
	}
	if hi, err = strconv.ParseFloat(c.ScaleMax, 64); err != nil {
		return 0, 0, fmt.Errorf("%s %s: scale_max %q: %w", c.Index, c.Code, c.ScaleMax, err)
	}
	return lo, hi, nil
}

// componentsAt returns index's components of the given level valid in year.
func (m *model) componentsAt(index, level string, year int) []data.Component {
	var out []data.Component
	for _, c := range m.ref.ComponentsOf(index, year) {
		if c.Level == level {
			out = append(out, c)
		}
	}
	return out
}

// ---------------------------------------------------------------- PCI

// pciSubs are the PCI sub-indices with their weights in the overall score
// (summing to 100) and their invented national level in 2019.
type pciSub struct {
	code   string
	weight float64
	base   float64
}

var pciSubs = []pciSub{
	{"entry", 5, 7.15},
	{"land", 5, 6.35},
	{"transparency", 20, 6.25},
	{"time", 5, 6.85},
	{"informal", 10, 6.55},
	{"bias", 5, 5.85},
	{"proactive", 5, 6.3},
	{"support", 20, 6.3},
	{"labor", 20, 6.35},
	{"legal", 5, 6.9},
}

// pciVariant is how the sample spells some provinces in the PCI file, as
// tables found in the wild do.
func pciVariant(p data.Province) string {
	switch p.Code {
	case "79":
		return "TP.HCM"
	case "46":
		return "TT-Huế"
	case "77":
		return "BR-VT"
	case "66":
		return "Đắc Lắc"
	}
	return p.Name
}

func genPCI(m *model) ([]byte, error) {
	r := newRand(seedPCI)
	eff := m.effects(r)
	n := len(m.provs)
	// Persistent province strengths per sub-index.
	idio := make([][]float64, n)
	for i := range idio {
		idio[i] = make([]float64, len(pciSubs))
		for k := range pciSubs {
			idio[i][k] = r.NormFloat64()
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"province", "year", "index", "component", "score", "rank"})
	for _, y := range years() {
		comps := m.componentsAt("PCI", "subindex", y)
		subIdx := make([]int, len(comps))
		for c, comp := range comps {
			subIdx[c] = slices.IndexFunc(pciSubs, func(s pciSub) bool { return s.code == comp.Code })
			if subIdx[c] < 0 {
				return nil, fmt.Errorf("PCI sub-index %q valid in %d has no weight", comp.Code, y)
			}
		}
		var wsum float64
		for _, k := range subIdx {
			wsum += pciSubs[k].weight
		}
		if wsum != 100 {
			return nil, fmt.Errorf("PCI weights of %d sum to %g, not 100", y, wsum)
		}
		t := float64(y - firstYear)
		yearShock := make([]float64, len(pciSubs))
		for k := range yearShock {
			yearShock[k] = 0.08 * r.NormFloat64()
		}
		subs := make([][]float64, n)
		overall := make([]float64, n)
		for i := range m.provs {
			provYear := 0.1 * r.NormFloat64()
			subs[i] = make([]float64, len(comps))
			var sum float64
			for c, k := range subIdx {
				x := pciSubs[k].base + 0.028*t + yearShock[k] + 0.23*eff[i] + 0.38*idio[i][k] + provYear + 0.27*r.NormFloat64()
				v := round(softBound(x, 2.5, 9.7, 1), 3)
				subs[i][c] = v
				sum += pciSubs[k].weight * v
			}
			overall[i] = round(sum/10, 2)
		}
		ranks := competitionRanks(overall, 2)
		for i, p := range m.provs {
			name := nfc(pciVariant(p))
			ys := strconv.Itoa(y)
			w.Write([]string{name, ys, "PCI", "", fmtDot(overall[i], 2), strconv.Itoa(ranks[i])})
			for c, comp := range comps {
				w.Write([]string{name, ys, "PCI", comp.Code, fmtDot(subs[i][c], 3), ""})
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// ---------------------------------------------------------------- PAPI

// papiDims are the PAPI dimensions: invented spread across provinces and
// yearly drift. A dimension's national level is the sum of its
// sub-dimensions' shares.
var papiDims = []struct {
	code        string
	sd, trend   float64
	yearNoiseSD float64
}{
	{"D1", 0.32, 0.02, 0.15},
	{"D2", 0.38, 0.03, 0.17},
	{"D3", 0.25, 0.015, 0.12},
	{"D4", 0.36, 0.05, 0.17},
	{"D5", 0.22, 0.02, 0.12},
	{"D6", 0.24, 0.025, 0.12},
	{"D7", 0.27, 0.01, 0.13},
	{"D8", 0.3, 0.0, 0.14}, // D8 grows through its sub-dimensions' trend
}

// papiSubs are the sub-dimensions' invented national levels (in points, on
// the sub-dimension's own scale) for the years they cover, and their drift.
var papiSubs = []struct {
	code     string
	from, to int
	share    float64
	trend    float64
}{
	{"D1.1", 2018, 9999, 0.95, 0},
	{"D1.2", 2018, 9999, 1.55, 0},
	{"D1.3", 2018, 9999, 1.45, 0},
	{"D1.4", 2018, 9999, 1.05, 0},
	{"D2.1", 2018, 9999, 1.0, 0},
	{"D2.2", 2018, 9999, 1.55, 0},
	{"D2.3", 2018, 9999, 1.35, 0},
	{"D2.4", 2018, 9999, 1.4, 0},
	{"D3.1", 2018, 9999, 1.45, 0},
	{"D3.2", 2018, 9999, 1.5, 0},
	{"D3.3", 2018, 9999, 1.45, 0},
	{"D4.1", 2018, 9999, 1.6, 0},
	{"D4.2", 2018, 9999, 1.85, 0},
	{"D4.3", 2018, 9999, 1.55, 0},
	{"D4.4", 2018, 9999, 1.7, 0},
	{"D5.1", 2011, 2020, 1.85, 0},
	{"D5.2", 2011, 2020, 1.75, 0},
	{"D5.3", 2011, 2020, 1.75, 0},
	{"D5.4", 2011, 2020, 1.9, 0},
	{"D5.1", 2021, 9999, 2.45, 0},
	{"D5.3", 2021, 9999, 2.35, 0},
	{"D5.4", 2021, 9999, 2.5, 0},
	{"D6.1", 2018, 9999, 1.85, 0},
	{"D6.2", 2018, 9999, 1.9, 0},
	{"D6.3", 2018, 9999, 1.55, 0},
	{"D6.4", 2018, 9999, 1.8, 0},
	{"D7.1", 2018, 9999, 1.1, 0},
	{"D7.2", 2018, 9999, 1.3, 0},
	{"D7.3", 2018, 9999, 1.2, 0},
	{"D8.1", 2019, 9999, 0.7, 0.07},
	{"D8.2", 2019, 9999, 1.6, 0.07},
	{"D8.3", 2019, 9999, 0.9, 0.06},
}

// papiSubLevel returns the national level of sub-dimension code in year.
func papiSubLevel(code string, year int) (float64, bool) {
	for _, s := range papiSubs {
		if s.code == code && s.from <= year && year <= s.to {
			return s.share + s.trend*float64(year-firstYear), true
		}
	}
	return 0, false
}

// papiColumns returns the value columns of the PAPI sheet: each dimension
// valid in some year of the sample followed by its sub-dimensions valid in
// some year, in the reference table's order.
func (m *model) papiColumns() []data.Component {
	var dims, subs []data.Component
	seen := map[string]bool{}
	for _, c := range m.ref.ComponentsOf("PAPI", 0) {
		if seen[c.Code] || (c.Level != "dimension" && c.Level != "subdimension") {
			continue
		}
		valid := false
		for _, y := range years() {
			valid = valid || c.ValidIn(y)
		}
		if !valid {
			continue
		}
		seen[c.Code] = true
		if c.Level == "dimension" {
			dims = append(dims, c)
		} else {
			subs = append(subs, c)
		}
	}
	var cols []data.Component
	for _, d := range dims {
		cols = append(cols, d)
		for _, s := range subs {
			if s.Parent == d.Code {
				cols = append(cols, s)
			}
		}
	}
	return cols
}

// PAPITitle is the merged title in the first row of the PAPI sheet.
const PAPITitle = "Chỉ số PAPI 2019-2024 (dữ liệu minh họa)"

func genPAPI(m *model) ([]byte, error) {
	r := newRand(seedPAPI)
	eff := m.effects(r)
	n := len(m.provs)
	idio := make([][]float64, n) // persistent province strength per dimension
	for i := range idio {
		idio[i] = make([]float64, len(papiDims))
		for d := range papiDims {
			idio[i][d] = r.NormFloat64()
		}
	}
	cols := m.papiColumns()

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), PAPISheet); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "cchc",
		LastModifiedBy: "cchc",
		Title:          nfc(PAPITitle),
		Description:    nfc("Dữ liệu minh họa, mọi con số đều là giả định / illustrative data, every number is invented"),
		Created:        "2025-01-01T00:00:00Z",
		Modified:       "2025-01-01T00:00:00Z",
		Language:       "vi-VN",
	}); err != nil {
		return nil, err
	}
	lastCol, err := excelize.ColumnNumberToName(2 + len(cols))
	if err != nil {
		return nil, err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return nil, err
	}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	})
	if err != nil {
		return nil, err
	}
	numFmt := "0.0000"
	numStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		return nil, err
	}
	dimFmt := "0.0000"
	dimStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dimFmt, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	sh := PAPISheet
	if err := f.SetCellStr(sh, "A1", nfc(PAPITitle)); err != nil {
		return nil, err
	}
	if err := f.MergeCell(sh, "A1", lastCol+"1"); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", titleStyle); err != nil {
		return nil, err
	}
	header := []any{nfc("Tỉnh/Thành phố"), nfc("Năm")}
	for _, c := range cols {
		header = append(header, c.Code)
	}
	if err := f.SetSheetRow(sh, "A3", &header); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sh, "A3", lastCol+"3", headStyle); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sh, "A", "A", 22); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sh, "B", "B", 7); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sh, "C", lastCol, 8.5); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 3, TopLeftCell: "C4", ActivePane: "bottomRight"}); err != nil {
		return nil, err
	}

	row := 4
	for _, y := range years() {
		t := float64(y - firstYear)
		subsOf := map[string][]data.Component{}
		for _, c := range m.componentsAt("PAPI", "subdimension", y) {
			subsOf[c.Parent] = append(subsOf[c.Parent], c)
		}
		yearShock := make([]float64, len(papiDims))
		for d := range yearShock {
			yearShock[d] = 0.05 * r.NormFloat64()
		}
		for i, p := range m.provs {
			values := map[string]float64{}
			for d, dim := range papiDims {
				subs := subsOf[dim.code]
				if len(subs) == 0 {
					return nil, fmt.Errorf("PAPI %s has no sub-dimension in %d", dim.code, y)
				}
				var level float64
				for _, s := range subs {
					l, ok := papiSubLevel(s.Code, y)
					if !ok {
						return nil, fmt.Errorf("PAPI %s in %d has no level in the sample model", s.Code, y)
					}
					level += l
				}
				target := level + dim.trend*t + yearShock[d] +
					dim.sd*(0.65*eff[i]+0.76*idio[i][d]) + dim.yearNoiseSD*r.NormFloat64()
				var sum float64
				for _, s := range subs {
					l, _ := papiSubLevel(s.Code, y)
					lo, hi, err := parseScale(s)
					if err != nil {
						return nil, err
					}
					x := l*target/level + 0.07*r.NormFloat64()
					v := round(softBound(x, lo, hi, 0.2), 4)
					values[s.Code] = v
					sum += v
				}
				values[dim.code] = round(sum, 4)
			}
			if err := f.SetCellStr(sh, fmt.Sprintf("A%d", row), nfc(p.NameCommon)); err != nil {
				return nil, err
			}
			if err := f.SetCellInt(sh, fmt.Sprintf("B%d", row), int64(y)); err != nil {
				return nil, err
			}
			for c, col := range cols {
				v, ok := values[col.Code]
				if !ok {
					continue // not part of PAPI that year: left empty
				}
				cell, err := excelize.CoordinatesToCellName(3+c, row)
				if err != nil {
					return nil, err
				}
				if err := f.SetCellFloat(sh, cell, v, -1, 64); err != nil {
					return nil, err
				}
			}
			row++
		}
	}
	// Styles by column block: dimensions bold.
	for c, col := range cols {
		name, err := excelize.ColumnNumberToName(3 + c)
		if err != nil {
			return nil, err
		}
		st := numStyle
		if col.Level == "dimension" {
			st = dimStyle
		}
		if err := f.SetCellStyle(sh, fmt.Sprintf("%s4", name), fmt.Sprintf("%s%d", name, row-1), st); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------- PAR

// parComps are the PAR Index components: invented weights (the points each
// carries out of 100, so the total is their weighted mean) and levels in
// 2019 (percent).
var parComps = []struct {
	code         string
	weight, base float64
}{
	{"C1", 9, 88},
	{"C2", 6.5, 87.5},
	{"C3", 11, 86.5},
	{"C4", 8, 85.5},
	{"C5", 13.5, 83},
	{"C6", 7.5, 86},
	{"C7", 13, 78.5},
	{"C8", 31.5, 84.5},
}

// parTargets are the national means of the PAR Index total by year.
var parTargets = []float64{84.62, 85.41, 86.18, 86.74, 87.45, 88.37}

// PARIndexName is how the PAR file names its index.
const PARIndexName = "Chỉ số CCHC"

func genPAR(m *model) ([]byte, error) {
	r := newRand(seedPAR)
	eff := m.effects(r)
	n := len(m.provs)
	idio := make([][]float64, n)
	for i := range idio {
		idio[i] = make([]float64, len(parComps))
		for k := range parComps {
			idio[i][k] = r.NormFloat64()
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.Write(nfcAll([]string{"Tỉnh/Thành phố", "Năm", "Chỉ số", "Chỉ số thành phần", "Điểm", "Xếp hạng"}))
	for yi, y := range years() {
		comps := m.componentsAt("PAR", "component", y)
		idx := make([]int, len(comps))
		var wsum float64
		for c, comp := range comps {
			idx[c] = -1
			for k, pc := range parComps {
				if pc.code == comp.Code {
					idx[c] = k
				}
			}
			if idx[c] < 0 {
				return nil, fmt.Errorf("PAR component %q valid in %d has no weight", comp.Code, y)
			}
			wsum += parComps[idx[c]].weight
		}
		t := float64(y - firstYear)
		raw := make([][]float64, n)
		for i := range raw {
			raw[i] = make([]float64, len(comps))
			provYear := 0.6 * r.NormFloat64()
			for c, k := range idx {
				raw[i][c] = parComps[k].base + 0.5*t + 1.8*eff[i] + 2.4*idio[i][k] + provYear + 1.4*r.NormFloat64()
			}
		}
		// Shift the year so that the national mean of the published totals
		// is the target (to the cent).
		target := parTargets[yi]
		vals := make([][]float64, n)
		totals := make([]float64, n)
		delta := 0.0
		for iter := 0; iter < 50; iter++ {
			var mean float64
			for i := range raw {
				vals[i] = make([]float64, len(comps))
				var s float64
				for c, k := range idx {
					v := round(softBound(raw[i][c]+delta, 70, 99, 2.5), 2)
					vals[i][c] = v
					s += parComps[k].weight * v
				}
				totals[i] = round(s/wsum, 2)
				mean += totals[i] / float64(n)
			}
			if math.Abs(mean-target) < 0.004 {
				break
			}
			delta += target - mean
		}
		ranks := competitionRanks(totals, 2)
		for i, p := range m.provs {
			name := nfc(p.Name)
			ys := strconv.Itoa(y)
			w.Write([]string{name, ys, nfc(PARIndexName), "", fmtComma(totals[i], 2), strconv.Itoa(ranks[i])})
			for c, comp := range comps {
				w.Write([]string{name, ys, nfc(PARIndexName), comp.Code, fmtComma(vals[i][c], 2), ""})
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// ---------------------------------------------------------------- SIPAS

// sipasOffsets are the SIPAS components' invented distances from the total.
var sipasOffsets = []struct {
	code   string
	offset float64
}{
	{"E1", 0.9},
	{"E2", 0.2},
	{"E3", 1.1},
	{"E4", 0.4},
	{"E5", -2.6},
}

// sipasTargets are the national means of the SIPAS total by year.
var sipasTargets = []float64{80.35, 80.9, 81.45, 81.95, 82.7, 83.9}

func genSIPAS(m *model) ([]byte, error) {
	r := newRand(seedSIPAS)
	eff := m.effects(r)
	n := len(m.provs)
	idio := make([][]float64, n)
	for i := range idio {
		idio[i] = make([]float64, len(sipasOffsets))
		for k := range sipasOffsets {
			idio[i][k] = r.NormFloat64()
		}
	}
	var sb strings.Builder
	header := []string{"Province", "Year", "TOTAL"}
	var comps []data.Component
	for _, c := range m.componentsAt("SIPAS", "component", firstYear) {
		comps = append(comps, c)
		header = append(header, c.Code)
	}
	idx := make([]int, len(comps))
	for c, comp := range comps {
		idx[c] = -1
		for k, so := range sipasOffsets {
			if so.code == comp.Code {
				idx[c] = k
			}
		}
		if idx[c] < 0 {
			return nil, fmt.Errorf("SIPAS component %q has no level in the sample model", comp.Code)
		}
	}
	sb.WriteString(strings.Join(header, "\t") + "\r\n")
	for yi, y := range years() {
		for _, c := range m.componentsAt("SIPAS", "component", y) {
			if !slices.ContainsFunc(comps, func(x data.Component) bool { return x.Code == c.Code }) {
				return nil, fmt.Errorf("SIPAS component %q of %d is not a column", c.Code, y)
			}
		}
		raw := make([][]float64, n)
		for i := range raw {
			raw[i] = make([]float64, len(comps))
			provYear := 0.8 * r.NormFloat64()
			for c, k := range idx {
				raw[i][c] = sipasOffsets[k].offset + 2.5*eff[i] + 1.6*idio[i][k] + provYear + 1.2*r.NormFloat64()
			}
		}
		target := sipasTargets[yi]
		vals := make([][]float64, n)
		totals := make([]float64, n)
		delta := target
		for iter := 0; iter < 50; iter++ {
			var mean float64
			for i := range raw {
				vals[i] = make([]float64, len(comps))
				var s float64
				for c := range comps {
					v := round(softBound(raw[i][c]+delta, 75, 95, 2), 2)
					vals[i][c] = v
					s += v
				}
				totals[i] = round(s/float64(len(comps)), 2)
				mean += totals[i] / float64(n)
			}
			if math.Abs(mean-target) < 0.004 {
				break
			}
			delta += target - mean
		}
		for i, p := range m.provs {
			rec := []string{nfc(p.NameEN), strconv.Itoa(y), fmtDot(totals[i], 2)}
			for c := range comps {
				rec = append(rec, fmtDot(vals[i][c], 2))
			}
			sb.WriteString(strings.Join(rec, "\t") + "\r\n")
		}
	}
	enc := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
	b, _, err := transform.Bytes(enc, []byte(sb.String()))
	if err != nil {
		return nil, err
	}
	return b, nil
}
