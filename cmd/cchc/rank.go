package main

import (
	"context"
	"encoding/json"
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

// rankJSON is one row of 'cchc rank --format json'.
type rankJSON struct {
	Rank             int      `json:"rank"`
	NRanked          int      `json:"n_ranked"`
	RankOf           string   `json:"rank_of"`
	ProvinceCode     string   `json:"province_code"`
	Province         string   `json:"province"`
	ProvinceEN       string   `json:"province_en"`
	Score            float64  `json:"score"`
	Derived          bool     `json:"derived"`
	OfficialRank     *int64   `json:"official_rank"`
	RankDisagrees    bool     `json:"rank_disagrees"`
	RankChange       *int64   `json:"rank_change"`
	Percentile       float64  `json:"percentile"`
	PercentileChange *float64 `json:"percentile_change"`
	GapToLeader      float64  `json:"gap_to_leader"`
	GapToMedian      float64  `json:"gap_to_median"`
	Group            *string  `json:"group"`
	GroupEN          *string  `json:"group_en"`
	GroupOfficial    bool     `json:"group_official"`
	Index            string   `json:"index"`
	Component        string   `json:"component"`
	Year             int      `json:"year"`
	Units            string   `json:"units"`
	CILower          *float64 `json:"ci_lower,omitempty"`
	CIUpper          *float64 `json:"ci_upper,omitempty"`
	StdError         *float64 `json:"std_error,omitempty"`
	Estimated        bool     `json:"estimated"`
	Weights          string   `json:"weights,omitempty"`
	Constituents     []member `json:"constituents,omitempty"`
	Illustrative     bool     `json:"illustrative"`
}

// member is one constituent province of a 34-unit estimate.
type member struct {
	ProvinceCode string  `json:"province_code"`
	Province     string  `json:"province"`
	Weight       float64 `json:"weight"`
	Score        float64 `json:"score"`
}

func parseMembers(s string) []member {
	if s == "" {
		return nil
	}
	var m []member
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil
	}
	return m
}

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
	if _, ok := dossierIndices[strings.ToLower(*index)]; ok {
		return runDossierRank(ctx, e, *dbFlag, strings.ToLower(*index), *year, *units, *top, *format)
	}
	db, _, rq, rows, err := loadRanking(ctx, e, *dbFlag, *index, *component, *units, *weights, *year, *top)
	if err != nil {
		return err
	}
	defer db.Close()
	switch *format {
	case "json":
		out := make([]rankJSON, 0, len(rows))
		for _, r := range rows {
			out = append(out, toRankJSON(r, rq))
		}
		return writeJSON(e.stdout, out)
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
	rq.index, err = resolveIndex(ref, p, index)
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
	prevSet, err := unitSetFor(year-1, units)
	if err != nil {
		return fail(err)
	}
	rows, err = q.RankProvinces(ctx, queries.RankParams{Index: rq.index, Component: rq.component, Year: year, UnitSet: rq.units, Weights: weights, Top: top, PrevUnitSet: prevSet})
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
		return fail(fmt.Errorf("không có điểm %s %s năm %d trên bản đồ %s đơn vị; có / no %s %s scores for %d on the %s-unit map; available: %v", rq.index, rq.component, year, rq.units, rq.index, rq.component, year, rq.units, ys))
	}
	rq.componentVI = rows[0].ComponentVI.String
	return sqlDB, q, rq, rows, nil
}

func toRankJSON(r queries.RankRow, rq rankQuery) rankJSON {
	j := rankJSON{Rank: r.Rank, NRanked: r.NRanked, RankOf: fmt.Sprintf("%d/%d", r.Rank, r.NRanked),
		ProvinceCode: r.ProvinceCode, Province: r.Province, ProvinceEN: r.ProvinceEN, Score: r.Score,
		Derived: r.ValueType != "reported", RankDisagrees: r.RankDisagrees, Percentile: r.Percentile,
		GapToLeader: round6(r.GapToLeader), GapToMedian: round6(r.GapToMedian), Index: rq.index, Component: rq.component,
		Year: rq.year, Units: rq.units, Illustrative: r.Illustrative, Estimated: r.Estimated}
	if r.WeightScheme != "reported" {
		j.Weights = r.WeightScheme
		j.Constituents = parseMembers(r.Constituents)
	}
	if r.OfficialRank.Valid {
		j.OfficialRank = &r.OfficialRank.Int64
	}
	if r.RankChange.Valid {
		j.RankChange = &r.RankChange.Int64
	}
	if r.PercentileChange.Valid {
		j.PercentileChange = &r.PercentileChange.Float64
	}
	if r.CILower.Valid && r.CIUpper.Valid {
		j.CILower, j.CIUpper = &r.CILower.Float64, &r.CIUpper.Float64
	}
	if r.StdError.Valid {
		j.StdError = &r.StdError.Float64
	}
	if r.GroupVI.Valid {
		j.Group, j.GroupEN, j.GroupOfficial = &r.GroupVI.String, &r.GroupEN.String, r.GroupOfficial
	}
	return j
}

func round6(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return f
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
		if r.OfficialRank.Valid {
			official = strconv.FormatInt(r.OfficialRank.Int64, 10)
		}
		if r.GroupVI.Valid {
			group = r.GroupVI.String
		}
		if machine {
			if r.RankChange.Valid {
				change = strconv.FormatInt(r.RankChange.Int64, 10)
			}
			t.add(strconv.Itoa(r.Rank), strconv.Itoa(r.NRanked), r.ProvinceCode, r.Province, strconv.FormatFloat(r.Score, 'f', -1, 64),
				strconv.FormatBool(r.ValueType != "reported"), strconv.FormatBool(r.Estimated), official, change, fmtFloat(r.Percentile, 1),
				fmtFloat(r.GapToLeader, 4), fmtFloat(r.GapToMedian, 4), group, strconv.FormatBool(r.Illustrative))
			continue
		}
		if r.RankChange.Valid {
			change = fmtSigned(r.RankChange.Int64)
		} else if r.PercentileChange.Valid {
			change = fmt.Sprintf("%+.1f BPV/pctl", r.PercentileChange.Float64)
		}
		if r.RankDisagrees {
			official += " ≠"
		}
		score := fmtFloat(r.Score, 2)
		switch {
		case r.Estimated:
			score += "~"
		case r.ValueType != "reported":
			score += "ᵈ"
		}
		t.add(strconv.Itoa(r.Rank), r.ProvinceCode, r.Province, score, official, change, fmtFloat(r.Percentile, 1),
			fmtFloat(r.GapToLeader, 2), fmt.Sprintf("%+.2f", r.GapToMedian), group)
	}
	return t
}

func printRankNotes(e *env, rows []queries.RankRow) {
	var disagree, derived, estimated, officialGroup, ruleGroup, pctlChange int
	illustrative := false
	for _, r := range rows {
		if !r.RankChange.Valid && r.PercentileChange.Valid {
			pctlChange++
		}
		if r.GroupVI.Valid && r.GroupOfficial {
			officialGroup++
		} else if r.GroupVI.Valid {
			ruleGroup++
		}
		if r.Estimated {
			estimated++
			continue
		}
		if r.RankDisagrees {
			disagree++
		}
		if r.ValueType != "reported" {
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
