package main

import (
	"context"
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
		return writeJSON(e.stdout, rows)
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

func fmtCount(v *int64) string {
	if v == nil {
		return "–"
	}
	return groupThousands(*v)
}

// fmtPct writes a share (0..1) as CSV keeps it, or in the table as a
// percentage with one decimal.
func fmtPct(v *float64, machine bool) string {
	if v == nil {
		if machine {
			return ""
		}
		return "–"
	}
	if machine {
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return fmt.Sprintf("%.1f", 100**v)
}

func dossierTable(rows []queries.DossierRow, by string, machine bool) *table {
	t := &table{}
	if machine {
		t.header = []string{"province_code", "province", "year", "units", "by", "key", "received", "carried_over", "resolved", "resolved_early",
			"resolved_on_time", "resolved_late", "pending", "pending_overdue", "online", "online_partial", "online_full", "direct", "postal",
			"on_time_rate_resolved", "on_time_rate_handled", "early_share", "online_share", "postal_share", "channel_share", "satisfaction_rate", "source", "illustrative"}
		raw := func(v *int64) string {
			if v == nil {
				return ""
			}
			return strconv.FormatInt(*v, 10)
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
		if r.OnlinePartialShare != nil || r.OnlineFullShare != nil {
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
		if r.StatusDisagrees != nil {
			disagree += *r.StatusDisagrees
		}
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
