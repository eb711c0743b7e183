package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"cchc/queries"
)

const dossiersUsage = `cchc dossiers [--year NĂM] [--by province|level|field|month|channel] [--units 63|34] [--province TỈNH] [--service-index] [--format table|csv|json]

Hồ sơ thủ tục hành chính: tiếp nhận, giải quyết, tỷ lệ đúng hạn theo hai định nghĩa đang dùng
(đúng hạn / đã giải quyết, và 1 - trễ hạn / cần giải quyết), tỷ lệ trước hạn, tỷ lệ trực tuyến
(một phần, toàn trình), bưu chính, tồn và tồn quá hạn, tỷ lệ hài lòng.
Administrative-procedure dossiers: received, resolved, on-time rate under both definitions in use
(on time / resolved, and 1 - late / to handle), early share, online share (partial, full process),
postal share, backlog and overdue backlog, satisfaction rate.

Trước 2025, bản đồ 34 đơn vị cộng lại đúng số của các tỉnh cũ thành phần.
Before 2025 the 34-unit map re-sums the counts of the former provinces exactly.

Ví dụ / example:
  cchc dossiers --year 2023
  cchc dossiers --year 2023 --by level --province "Quảng Ninh" --format json
  cchc dossiers --year 2023 --units 34
  cchc dossiers --year 2023 --service-index      (ước tính QĐ 766 / Decision 766 proxy)
  cchc rank --index dossier_on_time --year 2023
`

// dossierBreakdowns are the values of --by.
var dossierBreakdowns = []string{"province", "level", "field", "month", "channel"}

// dossierIndices are the dossier figures 'cchc rank --index' ranks.
var dossierIndices = map[string]string{
	"dossier_on_time":         "tỷ lệ đúng hạn (trước và đúng hạn / đã giải quyết) / on-time rate (early and on time / resolved)",
	"dossier_on_time_handled": "tỷ lệ không trễ hạn (1 - trễ hạn / cần giải quyết) / not-late rate (1 - resolved late / to handle)",
	"dossier_early":           "tỷ lệ trước hạn / early share of resolved",
	"dossier_online":          "tỷ lệ hồ sơ trực tuyến / online share of received",
	"dossier_online_full":     "tỷ lệ trực tuyến toàn trình / full-process online share",
	"satisfaction":            "tỷ lệ hài lòng (rất hài lòng + hài lòng) / satisfaction rate (very satisfied + satisfied)",
	"service_766_proxy":       "ước tính Chỉ số phục vụ (QĐ 766), % số điểm các chỉ tiêu tính được / Decision 766 service index proxy, % of the points of the computable indicators",
}

// dossierJSON is one row of 'cchc dossiers --format json'.
type dossierJSON struct {
	ProvinceCode       string   `json:"province_code"`
	Province           string   `json:"province"`
	ProvinceEN         string   `json:"province_en"`
	Year               int      `json:"year"`
	Units              string   `json:"units"`
	By                 string   `json:"by"`
	Key                string   `json:"key,omitempty"`
	Received           *int64   `json:"received"`
	CarriedOver        *int64   `json:"carried_over"`
	ToHandle           *int64   `json:"to_handle"`
	Online             *int64   `json:"online"`
	OnlinePartial      *int64   `json:"online_partial"`
	OnlineFull         *int64   `json:"online_full"`
	Direct             *int64   `json:"direct"`
	Postal             *int64   `json:"postal"`
	Resolved           *int64   `json:"resolved"`
	ResolvedEarly      *int64   `json:"resolved_early"`
	ResolvedOnTime     *int64   `json:"resolved_on_time"`
	ResolvedLate       *int64   `json:"resolved_late"`
	Pending            *int64   `json:"pending"`
	PendingOverdue     *int64   `json:"pending_overdue"`
	Returned           *int64   `json:"returned"`
	OnTimeRateResolved *float64 `json:"on_time_rate_resolved"`
	OnTimeRateHandled  *float64 `json:"on_time_rate_handled"`
	EarlyShare         *float64 `json:"early_share"`
	OnlineShare        *float64 `json:"online_share"`
	OnlinePartialShare *float64 `json:"online_partial_share"`
	OnlineFullShare    *float64 `json:"online_full_share"`
	PostalShare        *float64 `json:"postal_share"`
	ChannelShare       *float64 `json:"channel_share,omitempty"`
	Forms              *int64   `json:"satisfaction_forms,omitempty"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	StatusDisagrees    *int64   `json:"status_disagrees"`
	Source             string   `json:"source"`
	Periods            string   `json:"period_types"`
	Resummed           bool     `json:"resummed"`
	MembersReporting   int      `json:"members_reporting"`
	Illustrative       bool     `json:"illustrative"`
}

func nInt(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

func nRate(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	r := round6(v.Float64)
	return &r
}

func runDossiers(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "dossiers", dossiersUsage)
	year := fs.Int("year", 0, "năm / year (mặc định: năm mới nhất / default: latest)")
	by := fs.String("by", "province", "chia theo / break down by: "+strings.Join(dossierBreakdowns, ", "))
	units := fs.String("units", "", "bản đồ 63 hoặc 34 đơn vị / 63- or 34-unit map (mặc định theo năm / default by year)")
	province := fs.String("province", "", "chỉ một tỉnh/thành / one province only")
	format := fs.String("format", "table", "table, csv hoặc/or json")
	service := fs.Bool("service-index", false, "ước tính Chỉ số phục vụ QĐ 766 từ dữ liệu đã nạp / the Decision 766 service index proxy from the loaded data")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if err := checkUnits(*units); err != nil {
		return err
	}
	okBy := false
	for _, b := range dossierBreakdowns {
		okBy = okBy || b == *by
	}
	if !okBy {
		return usagef("--by phải là một trong / must be one of: %s", strings.Join(dossierBreakdowns, ", "))
	}
	db, q, err := openMarts(ctx, e, e.dbPath(*dbFlag))
	if err != nil {
		return err
	}
	defer db.Close()
	y, unitSet, err := dossierYear(ctx, q, *year, *units)
	if err != nil {
		return err
	}
	code := ""
	if *province != "" {
		var note string
		if code, note, err = dossierProvince(*province, y, unitSet); err != nil {
			return err
		}
		if note != "" {
			fmt.Fprintf(e.stderr, "cchc dossiers: ghi chú / note: %s\n", note)
		}
	}
	if *service {
		return runServiceIndex(ctx, e, q, y, unitSet, code, *format)
	}
	rows, err := q.DossierRates(ctx, queries.DossierParams{Year: y, UnitSet: unitSet, By: *by, Province: code})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("không có số liệu hồ sơ năm %d trên bản đồ %s đơn vị / no dossier figures for %d on the %s-unit map", y, unitSet, y, unitSet)
	}
	overlaps, err := q.DossierSourceOverlaps(ctx, y, unitSet)
	if err != nil {
		return err
	}
	var overlapNotes []string
	for _, o := range overlaps {
		if code != "" && o.ProvinceCode != code {
			continue
		}
		overlapNotes = append(overlapNotes, fmt.Sprintf("%s %d: dùng %d hồ sơ chi tiết (%d tháng), bỏ qua số liệu thống kê (%d hồ sơ tiếp nhận, kỳ %s) / used %d dossier records (%d months), set aside the statistics (%d received, by %s)",
			o.Province, y, o.RecordsReceived, o.RecordMonths, o.StatsReceived, o.StatPeriods, o.RecordsReceived, o.RecordMonths, o.StatsReceived, o.StatPeriods))
	}
	if *format != "table" {
		for _, n := range overlapNotes {
			fmt.Fprintf(e.stderr, "cchc dossiers: ghi chú / note: %s\n", n)
		}
	}
	switch *format {
	case "json":
		out := make([]dossierJSON, 0, len(rows))
		for _, r := range rows {
			out = append(out, toDossierJSON(r))
		}
		return writeJSON(e.stdout, out)
	case "csv":
		return dossierTable(rows, *by, true).writeCSV(e.stdout)
	}
	fmt.Fprintf(e.stdout, "Hồ sơ TTHC / administrative-procedure dossiers %d — bản đồ %s đơn vị / %s-unit map — theo / by %s\n\n", y, unitSet, unitSet, *by)
	dossierTable(rows, *by, false).writeText(e.stdout)
	printDossierNotes(e, rows, *by)
	for _, n := range overlapNotes {
		fmt.Fprintf(e.stdout, "ghi chú / note: %s\n", n)
	}
	return nil
}

// dossierYear resolves --year (default: the latest with figures) and --units.
func dossierYear(ctx context.Context, q *queries.Queries, year int, units string) (int, string, error) {
	if year == 0 {
		set := units
		if set == "" {
			set = "63"
		}
		years, err := q.DossierYears(ctx, set)
		if err != nil {
			return 0, "", err
		}
		if len(years) == 0 && units == "" {
			set = "34"
			if years, err = q.DossierYears(ctx, set); err != nil {
				return 0, "", err
			}
		}
		if len(years) == 0 {
			return 0, "", fmt.Errorf("chưa có số liệu hồ sơ nào, hãy nạp rồi chạy 'cchc build' / no dossier figures yet: ingest some, then run 'cchc build'")
		}
		year = years[len(years)-1]
	}
	set, err := unitSetFor(year, units)
	return year, set, err
}

// dossierProvince resolves --province on the chosen map.
func dossierProvince(name string, year int, unitSet string) (code, note string, err error) {
	u, err := resolveProvince(name, unitSet, year)
	if err != nil {
		return "", "", err
	}
	return string(u.Code), u.Note, nil
}

func toDossierJSON(r queries.DossierRow) dossierJSON {
	return dossierJSON{ProvinceCode: r.ProvinceCode, Province: r.Province, ProvinceEN: r.ProvinceEN, Year: r.Year, Units: r.UnitSet,
		By: r.By, Key: r.Key, Received: nInt(r.Received), CarriedOver: nInt(r.CarriedOver), ToHandle: nInt(r.ToHandle),
		Online: nInt(r.Online), OnlinePartial: nInt(r.OnlinePartial), OnlineFull: nInt(r.OnlineFull), Direct: nInt(r.Direct),
		Postal: nInt(r.Postal), Resolved: nInt(r.Resolved), ResolvedEarly: nInt(r.Early), ResolvedOnTime: nInt(r.OnTime),
		ResolvedLate: nInt(r.Late), Pending: nInt(r.Pending), PendingOverdue: nInt(r.PendingOverdue), Returned: nInt(r.Returned),
		OnTimeRateResolved: nRate(r.OnTimeRateResolved), OnTimeRateHandled: nRate(r.OnTimeRateHandled), EarlyShare: nRate(r.EarlyShare),
		OnlineShare: nRate(r.OnlineShare), OnlinePartialShare: nRate(r.OnlinePartialShare), OnlineFullShare: nRate(r.OnlineFullShare),
		PostalShare: nRate(r.PostalShare), ChannelShare: nRate(r.ChannelShare), Forms: nInt(r.Forms), SatisfactionRate: nRate(r.SatisfactionRate),
		StatusDisagrees: nInt(r.StatusDisagrees), Source: r.Source, Periods: r.PeriodTypes, Resummed: r.Resummed,
		MembersReporting: r.MembersReporting, Illustrative: r.Illustrative}
}

func fmtCount(v sql.NullInt64) string {
	if !v.Valid {
		return "–"
	}
	return groupThousands(v.Int64)
}

func fmtPct(v sql.NullFloat64, machine bool) string {
	if !v.Valid {
		if machine {
			return ""
		}
		return "–"
	}
	if machine {
		return strconv.FormatFloat(round6(v.Float64), 'f', -1, 64)
	}
	return fmt.Sprintf("%.1f", 100*v.Float64)
}

func dossierTable(rows []queries.DossierRow, by string, machine bool) *table {
	t := &table{}
	if machine {
		t.header = []string{"province_code", "province", "year", "units", "by", "key", "received", "carried_over", "resolved", "resolved_early",
			"resolved_on_time", "resolved_late", "pending", "pending_overdue", "online", "online_partial", "online_full", "direct", "postal",
			"on_time_rate_resolved", "on_time_rate_handled", "early_share", "online_share", "postal_share", "channel_share", "satisfaction_rate", "source", "illustrative"}
		raw := func(v sql.NullInt64) string {
			if !v.Valid {
				return ""
			}
			return strconv.FormatInt(v.Int64, 10)
		}
		for _, r := range rows {
			t.add(r.ProvinceCode, r.Province, strconv.Itoa(r.Year), r.UnitSet, r.By, r.Key, raw(r.Received), raw(r.CarriedOver), raw(r.Resolved),
				raw(r.Early), raw(r.OnTime), raw(r.Late), raw(r.Pending), raw(r.PendingOverdue), raw(r.Online), raw(r.OnlinePartial),
				raw(r.OnlineFull), raw(r.Direct), raw(r.Postal), fmtPct(r.OnTimeRateResolved, true), fmtPct(r.OnTimeRateHandled, true),
				fmtPct(r.EarlyShare, true), fmtPct(r.OnlineShare, true), fmtPct(r.PostalShare, true), fmtPct(r.ChannelShare, true),
				fmtPct(r.SatisfactionRate, true), r.Source, strconv.FormatBool(r.Illustrative))
		}
		return t
	}
	if by == "channel" {
		t.header = []string{"Mã/Code", "Tỉnh/Province", "Kênh/Channel", "Tiếp nhận/Received", "Tỷ lệ/Share %"}
		t.align = []bool{false, false, false, true, true}
		for _, r := range rows {
			t.add(r.ProvinceCode, r.Province, keyLabel(r.Key), fmtCount(r.Received), fmtPct(r.ChannelShare, false))
		}
		return t
	}
	t.header = []string{"Mã/Code", "Tỉnh/Province"}
	t.align = []bool{false, false}
	if by != "province" {
		t.header = append(t.header, map[string]string{"level": "Cấp/Level", "field": "Lĩnh vực/Field", "month": "Tháng/Month"}[by])
		t.align = append(t.align, false)
	}
	t.header = append(t.header, "Tiếp nhận/Received", "Đã GQ/Resolved", "Đúng hạn/On time %", "Không trễ/Not late %", "Trước hạn/Early %",
		"Trực tuyến/Online % (1 phần/partial, toàn trình/full)", "Bưu chính/Postal %", "Tồn/Backlog", "Quá hạn/Overdue")
	t.align = append(t.align, true, true, true, true, true, true, true, true, true)
	if by == "province" {
		t.header = append(t.header, "Hài lòng/Satisfied %")
		t.align = append(t.align, true)
	}
	for _, r := range rows {
		cells := []string{r.ProvinceCode, r.Province}
		if by != "province" {
			cells = append(cells, keyLabel(r.Key))
		}
		online := fmtPct(r.OnlineShare, false)
		if r.OnlinePartialShare.Valid || r.OnlineFullShare.Valid {
			online += fmt.Sprintf(" (%s, %s)", fmtPct(r.OnlinePartialShare, false), fmtPct(r.OnlineFullShare, false))
		}
		cells = append(cells, fmtCount(r.Received), fmtCount(r.Resolved), fmtPct(r.OnTimeRateResolved, false), fmtPct(r.OnTimeRateHandled, false),
			fmtPct(r.EarlyShare, false), online, fmtPct(r.PostalShare, false), fmtCount(r.Pending), fmtCount(r.PendingOverdue))
		if by == "province" {
			cells = append(cells, fmtPct(r.SatisfactionRate, false))
		}
		t.add(cells...)
	}
	return t
}

func printDossierNotes(e *env, rows []queries.DossierRow, by string) {
	var disagree int64
	resummed, illustrative, records := false, false, false
	for _, r := range rows {
		disagree += r.StatusDisagrees.Int64
		resummed = resummed || r.Resummed
		illustrative = illustrative || r.Illustrative
		records = records || strings.Contains(r.Source, "records")
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, "Đúng hạn = (trước hạn + đúng hạn) / đã giải quyết; Không trễ = 1 - trễ hạn / (tiếp nhận + kỳ trước chuyển sang); tồn quá hạn ghi riêng.")
	fmt.Fprintln(e.stdout, "On time = (early + on time) / resolved; Not late = 1 - resolved late / (received + carried over); the overdue backlog is shown apart.")
	if records {
		fmt.Fprintln(e.stdout, "Từ hồ sơ chi tiết: kết quả theo ngày (trả sau hạn là trễ; còn tồn sau hạn ở cuối kỳ là quá hạn); ngày hẹn rơi vào ngày nghỉ không được dời (chưa mô hình hóa ngày nghỉ).")
		fmt.Fprintln(e.stdout, "From dossier records: outcomes from the dates (resolved after due is late; pending past due at period end is overdue); a due date on a holiday is not moved (holidays are not modelled).")
	}
	if disagree > 0 {
		fmt.Fprintf(e.stdout, "%d hồ sơ có trạng thái ghi trái với ngày tháng, đã tính theo ngày / %d dossiers whose recorded status disagrees with their dates were counted by the dates.\n", disagree, disagree)
	}
	if resummed {
		fmt.Fprintln(e.stdout, "Đơn vị sau sáp nhập 2025: cộng đúng số của các tỉnh cũ thành phần / post-2025 units: exact sums of their former provinces.")
	}
	if by == "month" {
		fmt.Fprintln(e.stdout, "Theo tháng chỉ có số liệu báo cáo theo tháng hoặc hồ sơ chi tiết / by month shows only monthly statistics and records.")
	}
	if illustrative {
		fmt.Fprintln(e.stdout, "Nguồn / source: dữ liệu minh họa / illustrative data")
	}
}

// runDossierRank is 'cchc rank --index' for a dossier index.
func runDossierRank(ctx context.Context, e *env, dbFlag, index string, year int, units string, top int, format string) error {
	if err := checkUnits(units); err != nil {
		return err
	}
	db, q, err := openMarts(ctx, e, e.dbPath(dbFlag))
	if err != nil {
		return err
	}
	defer db.Close()
	y, unitSet, err := dossierYear(ctx, q, year, units)
	if err != nil {
		return err
	}
	rows, err := q.DossierRanking(ctx, index, y, unitSet, top)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("không có %s năm %d trên bản đồ %s đơn vị / no %s for %d on the %s-unit map", index, y, unitSet, index, y, unitSet)
	}
	switch format {
	case "json":
		type out struct {
			Rank         int     `json:"rank"`
			NRanked      int     `json:"n_ranked"`
			RankOf       string  `json:"rank_of"`
			ProvinceCode string  `json:"province_code"`
			Province     string  `json:"province"`
			ProvinceEN   string  `json:"province_en"`
			Score        float64 `json:"score"`
			Percentile   float64 `json:"percentile"`
			Index        string  `json:"index"`
			Year         int     `json:"year"`
			Units        string  `json:"units"`
			Resummed     bool    `json:"resummed"`
			Illustrative bool    `json:"illustrative"`
		}
		res := make([]out, 0, len(rows))
		for _, r := range rows {
			res = append(res, out{r.Rank, r.NRanked, fmt.Sprintf("%d/%d", r.Rank, r.NRanked), r.ProvinceCode, r.Province, r.ProvinceEN,
				round6(r.Score), round6(r.Percentile), index, y, unitSet, r.Resummed, r.Illustrative})
		}
		return writeJSON(e.stdout, res)
	}
	t := &table{header: []string{"Hạng/Rank", "Mã/Code", "Tỉnh/Province", "%", "BPV/Pctile"}, align: []bool{true, false, false, true, true}}
	if format == "csv" {
		t.header = []string{"rank", "n_ranked", "province_code", "province", "score", "percentile", "illustrative"}
	}
	for _, r := range rows {
		if format == "csv" {
			t.add(strconv.Itoa(r.Rank), strconv.Itoa(r.NRanked), r.ProvinceCode, r.Province, strconv.FormatFloat(round6(r.Score), 'f', -1, 64),
				fmtFloat(r.Percentile, 1), strconv.FormatBool(r.Illustrative))
			continue
		}
		t.add(strconv.Itoa(r.Rank), r.ProvinceCode, r.Province, fmtFloat(r.Score, 2), fmtFloat(r.Percentile, 1))
	}
	if format == "csv" {
		return t.writeCSV(e.stdout)
	}
	fmt.Fprintf(e.stdout, "%s %d — %s — bản đồ %s đơn vị / %s-unit map\n", index, y, dossierIndices[index], unitSet, unitSet)
	fmt.Fprintf(e.stdout, "xếp hạng trên %d tỉnh/thành có số liệu / ranked among %d provinces with figures\n\n", rows[0].NRanked, rows[0].NRanked)
	t.writeText(e.stdout)
	if rows[0].Illustrative {
		fmt.Fprintln(e.stdout, "\nNguồn / source: dữ liệu minh họa / illustrative data")
	}
	return nil
}

// keyLabels are the words a user reads for the channel and level codes
// of the tables (csv and json keep the codes).
var keyLabels = map[string]string{
	"direct": "Trực tiếp / direct", "postal": "Bưu chính công ích / postal",
	"online_partial": "Trực tuyến một phần / online, partial", "online_full": "Trực tuyến toàn trình / online, full process",
	"online_unspecified": "Trực tuyến (không rõ mức) / online, level not stated",
	"province":           "Cấp tỉnh / province", "district": "Cấp huyện / district", "commune": "Cấp xã / commune",
}

func keyLabel(k string) string {
	if l, ok := keyLabels[k]; ok {
		return l
	}
	return k
}
