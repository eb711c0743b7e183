package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"cchc"

	"cchc/data"
	"cchc/ingest"
	"cchc/queries"
)

const rankUsage = `cchc rank --index CHỈ_SỐ [--year NĂM] [--component TP] [--top N] [--units 63|34] [--weights equal|population|staffing|dossiers] [--format table|csv|json]

Xếp hạng tỉnh/thành: hạng (đồng hạng thì cùng hạng, hạng sau nhảy cách), thay đổi hạng so với
năm trước, bách phân vị, khoảng cách tới tỉnh dẫn đầu và tới trung vị, nhóm của chỉ số.
Ranks provinces: rank (ties share a rank, the next rank skips), change on the previous year,
percentile, gap to the leader and to the median, and the index's own group.

Ví dụ / example:
  cchc rank --index PCI --year 2019 --top 10
  cchc rank --index PAPI --year 2023 --component D8 --format json
  cchc rank --index training_per_100_cs --year 2023
  cchc rank --index dossier_on_time --year 2023   (hồ sơ / dossiers: dossier_on_time, dossier_on_time_handled,
      dossier_early, dossier_online, dossier_online_full, satisfaction, service_766_proxy)
`

func checkWeights(w string) error {
	if _, err := cchc.ParseWeights(w); err != nil {
		return &usageError{err.Error()}
	}
	return nil
}

type rankQuery struct {
	index, component, units, weights string
	year, top                        int
	componentVI                      string
}

func runRank(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "rank", rankUsage)
	index := fs.String("index", "", "chỉ số / index: PAR, PAPI, PCI, SIPAS, training_per_100_cs, training_attendances, ...")
	year := fs.Int("year", 0, "năm / year (mặc định: năm mới nhất / default: latest)")
	component := fs.String("component", "", "chỉ số thành phần (mã hoặc tên) / component (code or name); mặc định điểm tổng / default: overall score")
	top := fs.Int("top", 0, "chỉ N tỉnh đầu / only the top N")
	units := fs.String("units", "", "bản đồ 63 hoặc 34 đơn vị / 63- or 34-unit map (mặc định theo năm / default by year)")
	weights := fs.String("weights", "", "trọng số ước tính 34 đơn vị trước 2025 / weights of 34-unit estimates before 2025: equal, population, staffing (civil servants), dossiers (dossiers received); mặc định population khi đã nạp bảng dân số, nếu không equal / default population once a population table is loaded, else equal")
	format := fs.String("format", "table", "table, csv hoặc/or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	db, _, rq, rows, err := loadRanking(ctx, e, *dbFlag, *index, *component, *units, *weights, *year, *top)
	if err != nil {
		return err
	}
	defer db.Close()
	switch *format {
	case "json":
		return writeJSON(e.stdout, rows)
	case "csv":
		return rankTable(rows, true).writeCSV(e.stdout)
	}
	fmt.Fprintf(e.stdout, "%s %d — %s — bản đồ %s đơn vị / %s-unit map\n", rq.index, rq.year, rq.componentVI, rq.units, rq.units)
	fmt.Fprintf(e.stdout, "xếp hạng trên %d tỉnh/thành có điểm / ranked among %d provinces with a score", rows[0].NRanked, rows[0].NRanked)
	if rows[0].Illustrative {
		fmt.Fprint(e.stdout, " — dữ liệu minh họa / illustrative data")
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout)
	rankTable(rows, false).writeText(e.stdout)
	printRankNotes(e, rows)
	return nil
}

// loadRanking resolves the flags and runs the ranking query.
func loadRanking(ctx context.Context, e *env, dbFlag, index, component, units, weights string, year, top int) (db interface{ Close() error }, q *queries.Queries, rq rankQuery, rows []queries.RankRow, err error) {
	ref, err := data.Load()
	if err != nil {
		return nil, nil, rq, nil, err
	}
	p := ingest.NewParser(ref)
	rq.index, err = resolveIndex(index)
	if err != nil {
		return nil, nil, rq, nil, err
	}
	sqlDB, q, err := openMarts(ctx, e, e.dbPath(dbFlag))
	if err != nil {
		return nil, nil, rq, nil, err
	}
	fail := func(err error) (interface{ Close() error }, *queries.Queries, rankQuery, []queries.RankRow, error) {
		sqlDB.Close()
		return nil, nil, rq, nil, err
	}
	if weights, err = resolveWeights(ctx, q, weights); err != nil {
		return fail(err)
	}
	if year == 0 {
		years, err := q.RankYears(ctx, rq.index, "TOTAL")
		if err != nil {
			return fail(err)
		}
		if len(years) == 0 {
			return fail(fmt.Errorf("chưa có điểm %s nào / no %s scores loaded", rq.index, rq.index))
		}
		year = years[len(years)-1].Year
	}
	rq.year, rq.top, rq.weights = year, top, weights
	rq.component, err = p.Headers().Component(rq.index, component, year)
	if err != nil {
		return fail(&usageError{err.Error()})
	}
	rq.units, err = unitSetFor(year, units)
	if err != nil {
		return fail(err)
	}
	rows, err = q.RankSeries(ctx, queries.SeriesParams{Index: cchc.IndexID(rq.index), Component: rq.component, From: year, To: year,
		Units: cchc.UnitSet(units), Weights: cchc.WeightScheme(weights), Top: top})
	if err != nil {
		return fail(err)
	}
	if len(rows) == 0 {
		years, _ := q.RankYears(ctx, rq.index, rq.component)
		var ys []string
		for _, y := range years {
			ys = append(ys, fmt.Sprintf("%d (%s)", y.Year, y.UnitSet))
		}
		if err := cchc.WeightScheme(weights).Missing(fmt.Sprintf("%s %d", rq.index, year)); err != nil && rq.units == "34" && cchc.MapFor(year) == cchc.Units63 {
			return fail(err)
		}
		if held, err := q.HeldOutChecks(ctx, rq.index, year); err == nil && len(held) > 0 {
			c := strings.Join(held, ", ")
			return fail(fmt.Errorf("%s %d bị tách khỏi các bảng tổng hợp vì kiểm tra %s thất bại (marts.mart_check_failures) / %s %d is held out of the marts: check %s failed (marts.mart_check_failures)", rq.index, year, c, rq.index, year, c))
		}
		return fail(fmt.Errorf("không có điểm %s %s năm %d trên bản đồ %s đơn vị; có / no %s %s scores for %d on the %s-unit map; available: %v", rq.index, rq.component, year, rq.units, rq.index, rq.component, year, rq.units, ys))
	}
	if rows[0].ComponentVI != nil {
		rq.componentVI = *rows[0].ComponentVI
	}
	return sqlDB, q, rq, rows, nil
}

func rankTable(rows []queries.RankRow, machine bool) *table {
	t := &table{
		header: []string{"Hạng/Rank", "Mã/Code", "Tỉnh/Province", "Điểm/Score", "Hạng CB/Official", "±Hạng/Change", "BPV/Pctile", "Cách đầu/Gap leader", "Cách TV/Gap median", "Nhóm/Group"},
		align:  []bool{true, false, false, true, true, true, true, true, true, false},
	}
	if machine {
		t.header = []string{"rank", "n_ranked", "province_code", "province", "score", "derived", "estimated", "official_rank", "rank_change", "percentile", "gap_to_leader", "gap_to_median", "group", "illustrative"}
	}
	for _, r := range rows {
		official, change, group := "", "", ""
		if r.OfficialRank != nil {
			official = strconv.FormatInt(*r.OfficialRank, 10)
		}
		if r.Group != nil {
			group = *r.Group
		}
		if machine {
			if r.RankChange != nil {
				change = strconv.FormatInt(*r.RankChange, 10)
			}
			t.add(strconv.Itoa(r.Rank), strconv.Itoa(r.NRanked), r.ProvinceCode, r.Province, strconv.FormatFloat(r.Score, 'f', -1, 64),
				strconv.FormatBool(r.Derived), strconv.FormatBool(r.Estimated), official, change, fmtFloat(r.Percentile, 1),
				fmtFloat(r.GapToLeader, 4), fmtFloat(r.GapToMedian, 4), group, strconv.FormatBool(r.Illustrative))
			continue
		}
		if r.RankChange != nil {
			change = fmtSigned(*r.RankChange)
		} else if r.PercentileChange != nil {
			change = fmt.Sprintf("%+.1f BPV/pctl", *r.PercentileChange)
		}
		if r.RankDisagrees {
			official += " ≠"
		}
		score := fmtFloat(r.Score, 2)
		switch {
		case r.Estimated:
			score += "~"
		case r.Derived:
			score += "ᵈ"
		}
		t.add(strconv.Itoa(r.Rank), r.ProvinceCode, r.Province, score, official, change, fmtFloat(r.Percentile, 1),
			fmtFloat(r.GapToLeader, 2), fmtPlus(r.GapToMedian, 2), group)
	}
	return t
}

func printRankNotes(e *env, rows []queries.RankRow) {
	var disagree, derived, estimated, officialGroup, ruleGroup, pctlChange int
	illustrative := false
	for _, r := range rows {
		if r.RankChange == nil && r.PercentileChange != nil {
			pctlChange++
		}
		if r.Group != nil && r.GroupOfficial {
			officialGroup++
		} else if r.Group != nil {
			ruleGroup++
		}
		if r.Estimated {
			estimated++
			continue
		}
		if r.RankDisagrees {
			disagree++
		}
		if r.Derived {
			derived++
		}
		illustrative = illustrative || r.Illustrative
	}
	fmt.Fprintln(e.stdout)
	if disagree > 0 {
		fmt.Fprintf(e.stdout, "≠ %d tỉnh có hạng công bố khác hạng tính từ điểm công bố (giữ nguyên hạng công bố) / %d provinces whose official rank differs from the rank computed from the published scores (official rank kept)\n", disagree, disagree)
	}
	if derived > 0 {
		fmt.Fprintf(e.stdout, "ᵈ điểm suy ra bằng tổng các thành phần / derived as the sum of its components\n")
	}
	if estimated > 0 {
		fmt.Fprintf(e.stdout, "~ ước tính cho đơn vị sau sáp nhập 2025: bình quân gia quyền (%s) của các tỉnh cũ / estimated for a post-2025 unit: weighted mean (%s weights) of its former provinces\n", weightName(rows[0].WeightScheme), rows[0].WeightScheme)
	}
	if pctlChange > 0 {
		fmt.Fprintln(e.stdout, "BPV/pctl: số tỉnh được xếp hạng khác năm trước, thay đổi tính bằng điểm bách phân vị, không trừ thứ hạng / the number ranked differs from the year before: the change is in percentile points, not a difference of ranks")
	}
	if officialGroup > 0 {
		fmt.Fprintf(e.stdout, "Nhóm: theo công bố của nguồn cho %d tỉnh / Group: as published by the source for %d provinces\n", officialGroup, officialGroup)
	}
	if ruleGroup > 0 && officialGroup > 0 {
		fmt.Fprintf(e.stdout, "Nhóm: tái dựng theo quy tắc của chỉ số (không phải nhóm công bố) cho %d tỉnh / Group: reconstructed by the index's rule (not the published tier) for %d provinces\n", ruleGroup, ruleGroup)
	}
	if illustrative {
		fmt.Fprintln(e.stdout, "Nguồn / source: dữ liệu minh họa / illustrative data")
	}
}

func weightName(w string) string { return cchc.WeightScheme(w).NameVI() }

// resolveWeights settles the default weights (cchc.DefaultWeights) on
// what the warehouse holds.
func resolveWeights(ctx context.Context, q *queries.Queries, w string) (string, error) {
	if w != "" {
		return w, nil
	}
	ok, err := q.PopulationWeighted(ctx)
	if err != nil {
		return "", err
	}
	return string(cchc.DefaultWeights(ok)), nil
}
