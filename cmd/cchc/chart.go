package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"

	"cchc"

	"cchc/dashboards/chart"
	"cchc/data"
	"cchc/queries"
)

const chartUsage = `cchc chart rank --index CHỈ_SỐ --year NĂM [--component TP] [--highlight "A,B"] [--units 63|34] [--weights equal|population|staffing|dossiers] -o TỆP.png|TỆP.svg
cchc chart trend --index CHỈ_SỐ --provinces "A,B" [--from NĂM --to NĂM] [--units 63|34] [--weights ...] -o TỆP.png|TỆP.svg
cchc chart bump|slope|heatmap|regions|distribution --index CHỈ_SỐ --year NĂM [--lang vi|en] [--units 63|34] -o TỆP.svg|TỆP.pdf
cchc chart scatter --index CHỈ_SỐ --vs CHỈ_SỐ --year NĂM -o TỆP.svg|TỆP.pdf
cchc chart waterfall --index CHỈ_SỐ --year NĂM --province TỈNH -o TỆP.svg|TỆP.pdf

rank:  biểu đồ thanh ngang xếp hạng mọi tỉnh/thành, có số hạng và giá trị.
       a horizontal ranked bar chart of every province, with rank numbers and values.
trend: điểm của vài tỉnh qua các năm; năm ước tính (34 đơn vị trước 2025) vẽ nét đứt, điểm rỗng.
       a few provinces over the years; estimated years (34 units before 2025) dashed, hollow markers.
bump, slope, heatmap, regions, distribution, scatter, waterfall: đúng biểu đồ trong báo cáo năm
       (thứ hạng mười tỉnh đầu qua năm năm, bình quân vùng hai năm, tỉnh × chỉ số thành phần, bình
       quân vùng, phân bố so với năm trước, hai chỉ số với đường hồi quy và r, điều làm thay đổi
       tổng điểm của một tỉnh) / the annual report's own charts: ranks of the top ten over five
       years, regional means in two years, units by component, regional means, the distribution
       against the year before, two indices with the fitted line and r, what moved a province's total.

Ví dụ / example:
  cchc chart rank --index PCI --year 2019 -o pci2019.png
  cchc chart rank --index PAPI --year 2023 --highlight "Quảng Ninh,Hà Nội" -o papi2023.svg
  cchc chart trend --index PCI --provinces "Phú Thọ,Hải Phòng" --units 34 -o pci_34.png
  cchc chart training --year 2023 --by month [--province TỈNH] -o lop_2023.png
  cchc chart rank --index training_per_100_cs --year 2023 -o dao_tao_2023.png
  cchc chart bump --index PAPI --year 2023 -o papi_bump.svg
  cchc chart scatter --index PAPI --vs PCI --year 2023 --lang en -o papi_pci.pdf
  cchc chart waterfall --index PAPI --year 2023 --province "Quảng Ninh" -o quang_ninh_papi.svg
`

func runChart(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprint(e.stdout, chartUsage)
		if len(args) == 0 {
			return usagef("cần loại biểu đồ: rank / a chart kind is required: rank")
		}
		return nil
	}
	switch args[0] {
	case "rank":
		return runChartRank(ctx, e, args[1:])
	case "trend":
		return runChartTrend(ctx, e, args[1:])
	case "training":
		return runChartTraining(ctx, e, args[1:])
	case "bump", "slope", "heatmap", "regions", "distribution", "scatter", "waterfall":
		return chartFromReport(ctx, e, args[0], args[1:])
	}
	return usagef("loại biểu đồ không rõ / unknown chart kind %q (rank, trend, training, bump, slope, heatmap, regions, distribution, scatter, waterfall)", args[0])
}

func runChartRank(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "chart rank", chartUsage)
	index := fs.String("index", "", "chỉ số / index: PAR, PAPI, PCI, SIPAS")
	year := fs.Int("year", 0, "năm / year (mặc định: mới nhất / default: latest)")
	component := fs.String("component", "", "chỉ số thành phần / component")
	highlight := fs.String("highlight", "", "tô nổi các tỉnh / highlight provinces, comma-separated")
	units := fs.String("units", "", "63 hoặc/or 34")
	weights := fs.String("weights", "", "equal, population, staffing, dossiers (ước tính 34 đơn vị / 34-unit estimates; mặc định population khi đã nạp dân số, nếu không equal / default population once loaded, else equal)")
	out := fs.String("o", "", "tệp ra / output file (.png hoặc/or .svg)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("thiếu -o TỆP.png|TỆP.svg / -o FILE.png|FILE.svg is required")
	}
	format, err := chart.FormatFromPath(*out)
	if err != nil {
		return &usageError{err.Error()}
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	db, _, rq, rows, err := loadRanking(ctx, e, *dbFlag, *index, *component, *units, *weights, *year, 0)
	if err != nil {
		return err
	}
	defer db.Close()
	spec, err := rankChartSpec(rq, rows, *highlight)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := chart.RenderRank(&buf, format, spec); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã ghi / wrote %s (%d tỉnh/thành / provinces)\n", *out, len(rows))
	return nil
}

// rankChartSpec turns a ranking into a chart; highlight names are resolved
// like any province name.
func rankChartSpec(rq rankQuery, rows []queries.RankRow, highlight string) (chart.RankSpec, error) {
	ref, err := data.Load()
	if err != nil {
		return chart.RankSpec{}, err
	}
	hl := map[string]bool{}
	for _, n := range splitList(highlight) {
		u, err := resolveProvince(n, rq.units, rq.year)
		if err != nil {
			return chart.RankSpec{}, err
		}
		hl[string(u.Code)] = true
	}
	ix, _ := ref.Index(rq.index)
	spec := chart.RankSpec{
		Title:      fmt.Sprintf("%s %d — %s", rq.index, rq.year, rq.componentVI),
		Subtitle:   fmt.Sprintf("Xếp hạng %d tỉnh/thành (bản đồ %s đơn vị) / ranking of %d provinces (%s-unit map) — %s", len(rows), rq.units, len(rows), rq.units, ix.NameEN),
		ValueLabel: "Điểm / score",
		Decimals:   2,
	}
	derived, illustrative, disagree, estimated := false, false, false, false
	for _, r := range rows {
		b := chart.Bar{Label: r.Province, Value: r.Score, RankText: strconv.Itoa(r.Rank), Highlight: hl[r.ProvinceCode]}
		switch {
		case r.Estimated:
			b.Mark = "~"
			estimated = true
		case r.ValueType != "reported":
			b.Mark = "*"
			derived = true
		}
		if r.RankDisagrees {
			b.RankText += "!"
			disagree = true
		}
		spec.Bars = append(spec.Bars, b)
		illustrative = illustrative || r.Illustrative
	}
	if illustrative {
		spec.Notes = append(spec.Notes, "Nguồn: dữ liệu minh họa / Source: illustrative data")
	} else {
		spec.Notes = append(spec.Notes, fmt.Sprintf("Nguồn / source: %s — %s", ix.OwnerVI, ix.NameVI))
	}
	if derived {
		spec.Notes = append(spec.Notes, "* suy ra bằng tổng các thành phần / derived as the sum of its components")
	}
	if estimated {
		spec.Notes = append(spec.Notes, fmt.Sprintf("~ ước tính: bình quân gia quyền (%s) của các tỉnh cũ / estimated: weighted mean (%s weights) of the former provinces", weightName(rq.weights), rq.weights))
	}
	if disagree {
		spec.Notes = append(spec.Notes, "! hạng công bố khác hạng tính từ điểm (giữ hạng công bố) / official rank differs from the rank computed from scores (official kept)")
	}
	return spec, nil
}

func runChartTrend(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "chart trend", chartUsage)
	o := compareFlags(fs)
	out := fs.String("o", "", "tệp ra / output file (.png hoặc/or .svg)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("thiếu -o TỆP.png|TỆP.svg / -o FILE.png|FILE.svg is required")
	}
	format, err := chart.FormatFromPath(*out)
	if err != nil {
		return &usageError{err.Error()}
	}
	c, err := loadComparison(ctx, e, *dbFlag, *o)
	if err != nil {
		return err
	}
	defer c.db.Close()
	spec := trendSpec(c, o.units, c.weights)
	var buf bytes.Buffer
	if err := chart.RenderTrend(&buf, format, spec); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã ghi / wrote %s (%d đường / series)\n", *out, len(spec.Series))
	return nil
}

func trendSpec(c *comparison, units, weights string) chart.TrendSpec {
	ref := data.MustLoad()
	ix, _ := ref.Index(c.index)
	label := c.component
	if label == "TOTAL" {
		label = "điểm tổng / overall score"
	}
	mapName := "bản đồ có hiệu lực từng năm / the map in force each year"
	if units != "" {
		mapName = fmt.Sprintf("bản đồ %s đơn vị / %s-unit map", units, units)
	}
	spec := chart.TrendSpec{
		Title:      fmt.Sprintf("%s %d–%d — %s", c.index, c.from, c.to, label),
		Subtitle:   fmt.Sprintf("%s — %s; nhãn: điểm (hạng/số đơn vị) / labels: score (rank/units)", ix.NameEN, mapName),
		ValueLabel: "Điểm / score",
		Decimals:   2,
	}
	var order []string
	byName := map[string]*chart.Series{}
	illustrative := false
	for _, r := range c.rows {
		se, ok := byName[r.Province]
		if !ok {
			order = append(order, r.Province)
			se = &chart.Series{Name: r.Province}
			byName[r.Province] = se
		}
		se.Points = append(se.Points, chart.Point{Year: r.Year, Value: r.Score, Estimated: r.Estimated, Label: fmt.Sprintf("%d/%d", r.Rank, r.NRanked)})
		illustrative = illustrative || r.Illustrative
	}
	for _, n := range order {
		spec.Series = append(spec.Series, *byName[n])
	}
	if c.from < cchc.FirstYearOn34() && c.to >= cchc.FirstYearOn34() {
		spec.BreakYear, spec.BreakLabel = cchc.FirstYearOn34(), "sáp nhập 63 -> 34 / merger (2025-07-01)"
	}
	for _, b := range c.breaks {
		if spec.BreakYear == 0 {
			spec.BreakYear, spec.BreakLabel = b.Year, fmt.Sprintf("đổi phương pháp / method change %d", b.Year)
		}
		spec.Notes = append(spec.Notes, fmt.Sprintf("%d: %s", b.Year, b.NoteVI))
	}
	if c.estimated {
		spec.Notes = append(spec.Notes,
			fmt.Sprintf("Điểm rỗng, nét đứt: ước tính cho đơn vị sau sáp nhập, bình quân gia quyền (%s) của các tỉnh cũ", weightName(weights)),
			fmt.Sprintf("Hollow markers, dashed lines: estimated for the post-merger unit, weighted mean (%s weights) of its former provinces", weights))
	}
	if illustrative {
		spec.Notes = append(spec.Notes, "Nguồn: dữ liệu minh họa / Source: illustrative data")
	} else {
		spec.Notes = append(spec.Notes, fmt.Sprintf("Nguồn / source: %s — %s", ix.OwnerVI, ix.NameVI))
	}
	return spec
}
