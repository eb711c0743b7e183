package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"cchc"

	"cchc/data"
	"cchc/ingest"
	"cchc/queries"
)

const compareUsage = `cchc compare --index CHỈ_SỐ --provinces "A,B" [--from NĂM --to NĂM] [--component TP] [--units 63|34] [--weights equal|population|staffing|dossiers] [--format table|csv|json]

Điểm và hạng của các tỉnh/thành cạnh nhau theo từng năm. So sánh qua một thay đổi phương pháp
(PAPI 2018, PCI 2013, ...) bị từ chối hoặc được đánh dấu; --allow-breaks để vẫn xem.
Scores and ranks side by side per year. A comparison across a methodology break (PAPI 2018,
PCI 2013, ...) is refused or flagged; --allow-breaks to show it anyway, flagged.

Ví dụ / example:
  cchc compare --index PAPI --provinces "Quảng Ninh,Hà Nội" --from 2018 --to 2023
  cchc compare --index PCI --provinces "Tp.HCM,Đà Nẵng" --from 2010 --to 2016 --allow-breaks
  cchc compare --index PCI --provinces "Phú Thọ" --from 2019 --to 2025 --units 34
`

func runCompare(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "compare", compareUsage)
	o := compareFlags(fs)
	format := fs.String("format", "table", "table, csv hoặc/or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	from, to, weights := &o.from, &o.to, &o.weights
	c, err := loadComparison(ctx, e, *dbFlag, *o)
	if err != nil {
		return err
	}
	defer c.db.Close()
	ix, comp, kept, breaks, notes, estimated := c.index, c.component, c.rows, c.breaks, c.notes, c.estimated
	*from, *to, *weights = c.from, c.to, c.weights
	switch *format {
	case "json":
		return writeJSON(e.stdout, kept)
	case "csv":
		t := &table{header: []string{"year", "units", "province_code", "province", "score", "estimated", "weights", "rank", "n_ranked", "official_rank", "percentile", "group", "after_break"}}
		for _, r := range kept {
			off, group := "", ""
			if r.OfficialRank != nil {
				off = strconv.FormatInt(*r.OfficialRank, 10)
			}
			if r.Group != nil {
				group = *r.Group
			}
			var ab []string
			for _, y := range r.AfterBreak {
				ab = append(ab, strconv.Itoa(y))
			}
			t.add(strconv.Itoa(r.Year), r.Units, r.ProvinceCode, r.Province, fmtMachine(r.Score), strconv.FormatBool(r.Estimated), r.Weights,
				strconv.Itoa(r.Rank), strconv.Itoa(r.NRanked), off, fmtFloat(r.Percentile, 1), group, strings.Join(ab, ";"))
		}
		return t.writeCSV(e.stdout)
	}
	// table: one row per year, one column per province: "score (rank/n)"
	var order []string
	seen := map[string]bool{}
	cellOf := map[string]string{}
	illustrative, derived := false, false
	for _, r := range kept {
		if !seen[r.Province] {
			seen[r.Province] = true
			order = append(order, r.Province)
		}
		c := fmt.Sprintf("%s (%d/%d)", fmtFloat(r.Score, 2), r.Rank, r.NRanked)
		switch {
		case r.Estimated:
			c = "~" + c
		case r.Derived:
			c = "ᵈ" + c
			derived = true
		}
		cellOf[fmt.Sprintf("%d|%s", r.Year, r.Province)] = c
		illustrative = illustrative || r.Illustrative
	}
	t := &table{header: append([]string{"Năm/Year"}, order...)}
	t.align = make([]bool, len(t.header))
	for i := range t.align {
		t.align[i] = true
	}
	flagged := map[int]bool{}
	for _, r := range kept {
		flagged[r.Year] = flagged[r.Year] || len(r.AfterBreak) > 0
	}
	for y := *from; y <= *to; y++ {
		row := []string{strconv.Itoa(y)}
		any := false
		for _, pn := range order {
			c, ok := cellOf[fmt.Sprintf("%d|%s", y, pn)]
			if ok {
				any = true
			} else {
				c = "—"
			}
			row = append(row, c)
		}
		if !any {
			continue
		}
		if flagged[y] {
			row[0] += " †"
		}
		t.add(row...)
	}
	label := comp
	if comp == "TOTAL" {
		label = "điểm tổng / overall score"
	}
	fmt.Fprintf(e.stdout, "%s — %s, %d–%d: điểm (hạng/số tỉnh) / score (rank/provinces)\n\n", ix, label, *from, *to)
	t.writeText(e.stdout)
	fmt.Fprintln(e.stdout)
	for _, b := range breaks {
		fmt.Fprintf(e.stdout, "† từ %d / from %d: %s / %s\n", b.Year, b.Year, b.NoteVI, b.NoteEN)
	}
	if derived {
		fmt.Fprintln(e.stdout, "ᵈ điểm suy ra bằng tổng các thành phần / derived as the sum of its components")
	}
	if estimated {
		fmt.Fprintf(e.stdout, "~ ước tính cho đơn vị sau sáp nhập: bình quân gia quyền (%s) của các tỉnh cũ; xếp hạng trên bản đồ 34 đơn vị / estimated for the post-merger unit: weighted mean (%s weights) of its former provinces; ranked on the 34-unit map\n", weightName(*weights), *weights)
	}
	if *from < cchc.FirstYearOn34() && *to >= cchc.FirstYearOn34() {
		fmt.Fprintln(e.stdout, "Từ 1/7/2025: 63 tỉnh/thành sáp nhập thành 34 đơn vị; hạng trên 63 và trên 34 không so trực tiếp được (xem bách phân vị, --format json) / From 2025-07-01 the 63 provinces became 34 units: a rank out of 63 and a rank out of 34 are not comparable (see the percentile, --format json)")
	}
	for _, n := range notes {
		fmt.Fprintf(e.stdout, "ghi chú / note: %s\n", n)
	}
	if illustrative {
		fmt.Fprintln(e.stdout, "Nguồn / source: dữ liệu minh họa / illustrative data")
	}
	return nil
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// compareFlags defines the flags shared by compare and chart trend.
func compareFlags(fs *flag.FlagSet) *compareOpts {
	o := &compareOpts{}
	fs.StringVar(&o.index, "index", "", "chỉ số / index: PAR, PAPI, PCI, SIPAS")
	fs.StringVar(&o.provinces, "provinces", "", "các tỉnh/thành, cách nhau bởi dấu phẩy / provinces, comma-separated")
	fs.IntVar(&o.from, "from", 0, "từ năm / from year")
	fs.IntVar(&o.to, "to", 0, "đến năm / to year")
	fs.StringVar(&o.component, "component", "", "chỉ số thành phần / component (mặc định điểm tổng / default overall)")
	fs.StringVar(&o.units, "units", "", "63 hoặc 34: bản đồ của mọi năm (mặc định: bản đồ có hiệu lực từng năm) / the map for every year (default: the map in force each year)")
	fs.StringVar(&o.weights, "weights", "", "trọng số ước tính 34 đơn vị trước 2025 / weights of 34-unit estimates before 2025: equal, population, staffing (civil servants), dossiers (dossiers received); mặc định population khi đã nạp bảng dân số, nếu không equal / default population once a population table is loaded, else equal")
	fs.BoolVar(&o.allowBreaks, "allow-breaks", false, "vẫn so sánh qua thay đổi phương pháp (có đánh dấu) / compare across methodology breaks, flagged")
	return o
}

// compareOpts are the flags shared by compare and chart trend.
type compareOpts struct {
	index, provinces, component, units, weights string
	from, to                                    int
	allowBreaks                                 bool
}

// comparison is the rows of some provinces over years, resolved per year.
type comparison struct {
	db               interface{ Close() error }
	index, component string
	from, to         int
	rows             []queries.RankRow
	breaks           []queries.Break
	notes            []string
	estimated        bool
	weights          string // the weights used (the default resolved)
}

// loadComparison resolves the provinces for each year (codes differ across
// the 2025 merger), refuses a comparison across a refused methodology break
// and returns the rows. The caller closes c.db.
func loadComparison(ctx context.Context, e *env, dbFlag string, o compareOpts) (*comparison, error) {
	from, to, allow := &o.from, &o.to, &o.allowBreaks
	units, weights, component := &o.units, &o.weights, &o.component
	if err := checkWeights(o.weights); err != nil {
		return nil, err
	}
	if err := checkUnits(o.units); err != nil {
		return nil, err
	}
	names := splitList(o.provinces)
	if len(names) == 0 {
		return nil, usagef("thiếu --provinces / --provinces is required")
	}
	ref, err := data.Load()
	if err != nil {
		return nil, err
	}
	p := ingest.NewParser(ref)
	ix, err := resolveIndex(o.index)
	if err != nil {
		return nil, err
	}
	db, q, err := openMarts(ctx, e, e.dbPath(dbFlag))
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			db.Close()
		}
	}()
	if *weights, err = resolveWeights(ctx, q, *weights); err != nil {
		return nil, err
	}
	years, err := q.RankYears(ctx, ix, "TOTAL")
	if err != nil {
		return nil, err
	}
	if *from == 0 && len(years) > 0 {
		*from = years[0].Year
	}
	if *to == 0 && len(years) > 0 {
		*to = years[len(years)-1].Year
	}
	if *from > *to {
		return nil, usagef("--from %d sau --to %d / --from is after --to", *from, *to)
	}
	comp, err := p.Headers().Component(ix, *component, *to)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	// Resolve each name on the map of each year: codes differ across the merger.
	var codes63, codes34 []cchc.ProvinceCode
	var notes []string
	for y := *from; y <= *to; y++ {
		if *units == "63" && cchc.MapFor(y) != cchc.Units63 {
			continue // the 63-unit map ends with the merger
		}
		set, err := unitSetFor(y, *units)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			u, err := resolveProvince(n, set, y)
			if err != nil {
				if y == *from || y == *to {
					return nil, err
				}
				continue
			}
			if u.Note != "" {
				notes = appendOnce(notes, u.Note)
			}
			if u.Set == cchc.Units63 {
				codes63 = append(codes63, u.Code)
			} else {
				codes34 = append(codes34, u.Code)
			}
		}
	}
	if codes63 == nil {
		codes63 = []cchc.ProvinceCode{}
	}
	breaks, err := q.MethodologyBreaks(ctx, ix, comp, *from, *to)
	if err != nil {
		return nil, err
	}
	for _, b := range breaks {
		if b.Action == "refuse" && !*allow {
			return nil, fmt.Errorf("không so sánh %s qua năm %d: %s; dùng --allow-breaks để vẫn xem / will not compare %s across %d: %s; use --allow-breaks to see it anyway, flagged",
				ix, b.Year, b.NoteVI, ix, b.Year, b.NoteEN)
		}
	}
	kept, err := q.RankSeries(ctx, queries.SeriesParams{Index: cchc.IndexID(ix), Component: comp, From: *from, To: *to,
		Units: cchc.UnitSet(*units), Weights: cchc.WeightScheme(*weights), Units63: codes63, Units34: codes34})
	if err != nil {
		return nil, err
	}
	estimated := false
	for _, r := range kept {
		estimated = estimated || r.Estimated
	}
	if err := cchc.WeightScheme(*weights).Missing(""); err != nil && len(kept) == 0 {
		return nil, err
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("không có điểm %s cho các tỉnh này trong %d-%d / no %s scores for these provinces in %d-%d", ix, *from, *to, ix, *from, *to)
	}
	// Names that mean a different unit after the merger (the new Bắc Ninh
	// is Bắc Giang + Bắc Ninh) are said to, on the 63/34 mix of the default.
	last63 := cchc.FirstYearOn34() - 1
	if *units == "" && *from <= last63 && *to > last63 {
		for _, name := range names {
			before, err1 := cchc.Resolve(name, cchc.Units63, last63)
			after, err2 := cchc.Resolve(name, cchc.Units34, last63+1)
			if err1 != nil || err2 != nil || cchc.LeftWhole(after.Code) {
				continue
			}
			parts := strings.Join(cchc.MemberNames(after.Code), " + ")
			notes = append(notes, fmt.Sprintf("%q đến %d là tỉnh cũ %s (mã %s); từ %d là đơn vị mới %s (mã %s) = %s: hai chuỗi khác nhau, không tính thay đổi giữa chúng; dùng --units 34 để có một chuỗi liên tục / %q is the former province %s (code %s) to %d and the new unit %s (code %s) = %s from %d: two different series, no change computed between them; use --units 34 for one continuous series",
				name, last63, before.Name, before.Code, last63+1, after.Name, after.Code, parts, name, before.Name, before.Code, last63, after.Name, after.Code, parts, last63+1))
		}
	}
	ok = true
	return &comparison{db: db, index: ix, component: comp, from: *from, to: *to, rows: kept, breaks: breaks, notes: notes, estimated: estimated, weights: *weights}, nil
}
