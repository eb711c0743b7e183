package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cchc"

	"cchc/queries"
)

const trainingUsage = `cchc training --year NĂM [--by province|organiser|topic|level|month|target|format] [--province TỈNH] [--units 63|34] [--format table|csv|json]

Đào tạo, bồi dưỡng trong một năm: số lớp, lượt học viên, số người (nếu có danh sách học viên),
lượt trên 100 công chức (nếu có số biên chế), tỷ lệ nữ, mức đạt kế hoạch, so với năm trước.
Một lớp kéo dài hai tháng được tính một lần, vào tháng khai giảng; một người học ba lớp là
ba lượt và một người. Bản đồ 34 đơn vị trước 2025: cộng dồn chính xác từ các tỉnh cũ.
Training in a year: classes, trainee-attendances, distinct persons (where rosters exist),
attendances per 100 civil servants (where staffing exists), female share, plan attainment,
change on the previous year. A class spanning two months counts once, in its start month;
one person in three classes is three attendances and one person. The 34-unit map before
2025 re-sums the former provinces exactly.

Ví dụ / example:
  cchc training --year 2023
  cchc training --year 2023 --by topic --province "Quảng Ninh"
  cchc training --year 2023 --by month --format json
  cchc training --year 2024 --units 34
`

var trainingKeys = []string{"province", "organiser", "topic", "level", "month", "target", "format"}

// trainingQuery is a resolved 'cchc training' request.
type trainingQuery struct {
	year                     int
	units, by, province      string
	provinceName             string
	rows                     []queries.TrainingRow
	total                    []queries.TrainingRow
	gaps                     []queries.RosterGap
	db                       interface{ Close() error }
	illustrative, unmapped   bool
	withRoster, withStaffing bool
}

func runTraining(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "training", trainingUsage)
	year := fs.Int("year", 0, "năm / year (mặc định: mới nhất / default: latest)")
	by := fs.String("by", "province", "chia theo / break down by: "+strings.Join(trainingKeys, ", "))
	province := fs.String("province", "", "chỉ một tỉnh/thành / one province only")
	units := fs.String("units", "", "bản đồ 63 hoặc 34 đơn vị / 63- or 34-unit map (mặc định theo năm / default by year)")
	format := fs.String("format", "table", "table, csv hoặc/or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	tq, err := loadTraining(ctx, e, *dbFlag, *year, *by, *province, *units)
	if err != nil {
		return err
	}
	defer tq.db.Close()
	if *format != "table" && len(tq.gaps) > 0 {
		fmt.Fprintf(e.stderr, "cảnh báo / warning: %d lớp có danh sách học viên lệch tệp lớp (cchc training --year %d) / %d rosters disagree with the class files\n", len(tq.gaps), tq.year, len(tq.gaps))
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, tq.rows)
	case "csv":
		return trainingTable(tq, true).writeCSV(e.stdout)
	}
	scope := "cả nước / all provinces"
	if tq.province != "" {
		scope = tq.provinceName
	}
	fmt.Fprintf(e.stdout, "Đào tạo, bồi dưỡng năm %d — %s — theo %s — bản đồ %s đơn vị / training %d by %s, %s-unit map\n",
		tq.year, scope, trainingKeyVI(tq.by), tq.units, tq.year, tq.by, tq.units)
	if tq.illustrative {
		fmt.Fprintln(e.stdout, "dữ liệu minh họa / illustrative data")
	}
	fmt.Fprintln(e.stdout)
	trainingTable(tq, false).writeText(e.stdout)
	printTrainingNotes(e, tq)
	return nil
}

// loadTraining resolves the flags and runs the training queries.
func loadTraining(ctx context.Context, e *env, dbFlag string, year int, by, province, units string) (*trainingQuery, error) {
	if !slices.Contains(trainingKeys, by) {
		return nil, usagef("--by phải là một trong / --by must be one of: %s (got %q)", strings.Join(trainingKeys, ", "), by)
	}
	if err := checkUnits(units); err != nil {
		return nil, err
	}
	if units == "63" && cchc.MapFor(year) == cchc.Units34 {
		return nil, usagef("từ 2025 chỉ còn bản đồ 34 đơn vị / from 2025 there is only the 34-unit map")
	}
	db, q, err := openMarts(ctx, e, e.dbPath(dbFlag))
	if err != nil {
		return nil, err
	}
	tq := &trainingQuery{year: year, by: by, db: db}
	fail := func(err error) (*trainingQuery, error) {
		db.Close()
		return nil, err
	}
	if year == 0 {
		set := units
		if set == "" {
			set = "34"
		}
		ys, err := q.TrainingYears(ctx, set)
		if err != nil {
			return fail(err)
		}
		if len(ys) == 0 {
			return fail(fmt.Errorf("chưa nạp lớp đào tạo nào / no training classes loaded"))
		}
		tq.year = ys[len(ys)-1]
	}
	tq.units, _ = unitSetFor(tq.year, units)
	if province != "" {
		u, err := resolveProvince(province, tq.units, tq.year)
		if err != nil {
			return fail(err)
		}
		tq.province, tq.provinceName = string(u.Code), u.Name
		if u.Note != "" {
			fmt.Fprintf(e.stderr, "cchc training: ghi chú / note: %s\n", u.Note)
		}
	}
	p := queries.TrainingParams{Year: tq.year, UnitSet: tq.units, By: by, Province: tq.province}
	if tq.rows, err = q.TrainingSummary(ctx, p); err != nil {
		return fail(err)
	}
	if len(tq.rows) == 0 {
		ys, _ := q.TrainingYears(ctx, tq.units)
		return fail(fmt.Errorf("không có lớp đào tạo năm %d trên bản đồ %s đơn vị%s; có các năm / no training classes in %d on the %s-unit map%s; years loaded: %v",
			tq.year, tq.units, provinceSuffix(tq.provinceName), tq.year, tq.units, provinceSuffix(tq.provinceName), ys))
	}
	p.By = "all"
	if tq.total, err = q.TrainingSummary(ctx, p); err != nil {
		return fail(err)
	}
	if tq.gaps, err = q.TrainingRosterGaps(ctx, tq.year); err != nil {
		return fail(err)
	}
	for _, r := range tq.rows {
		tq.illustrative = tq.illustrative || r.Illustrative
		tq.unmapped = tq.unmapped || (by == "topic" && !r.Mapped() && r.Key != "")
		tq.withRoster = tq.withRoster || r.RosterClasses > 0
		tq.withStaffing = tq.withStaffing || r.CivilServants != nil
	}
	return tq, nil
}

func provinceSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

func trainingKeyVI(by string) string {
	return map[string]string{"province": "tỉnh/thành", "organiser": "đơn vị tổ chức", "topic": "chủ đề", "level": "cấp",
		"month": "tháng khai giảng", "target": "đối tượng", "format": "hình thức"}[by]
}

// trainingLabel is how a key reads in a table.
func trainingLabel(by string, r queries.TrainingRow) string {
	if r.Key == "" {
		return "(không rõ / unknown)"
	}
	switch by {
	case "province":
		return r.KeyName
	case "topic":
		if !r.Mapped() {
			return r.Key + " (?)"
		}
		return r.KeyName
	case "month":
		return "Tháng/month " + r.Key
	case "level":
		return map[string]string{"province": "tỉnh / province", "district": "huyện / district", "commune": "xã / commune"}[r.Key]
	case "format":
		return map[string]string{"in_person": "trực tiếp / in person", "online": "trực tuyến / online", "blended": "kết hợp / blended"}[r.Key]
	case "target":
		return map[string]string{"CB": "cán bộ / CB", "CC": "công chức / CC", "VC": "viên chức / VC", "commune": "cấp xã / commune", "other": "khác / other"}[r.Key]
	}
	return r.Key
}

func optInt(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func optFloat(v *float64, dec int) string {
	if v == nil {
		return ""
	}
	return fmtFloat(*v, dec)
}

func trainingTable(tq *trainingQuery, machine bool) *table {
	t := &table{
		header: []string{"Mã/Key", trainingKeyVI(tq.by) + "/" + tq.by, "Lớp/Classes", "Lượt HV/Attendances", "Nữ/Female %", "Người/Persons", "/100 CC/per 100 CS", "Đạt KH/Plan %", "Lượt năm trước/Prev", "±%"},
		align:  []bool{false, false, true, true, true, true, true, true, true, true},
	}
	if machine {
		key, name := tq.by, "name"
		switch tq.by {
		case "province":
			key, name = "province_code", "province"
		case "topic":
			name = "topic_name"
		}
		t.header = []string{key, name, "year", "units", "classes", "attendances", "female", "female_pct", "persons", "roster_classes", "civil_servants", "per_100_cs", "persons_per_100_cs", "planned", "plan_pct", "prev_classes", "prev_attendances", "attendances_change_pct", "cost", "illustrative"}
	}
	rows := tq.rows
	if !machine {
		rows = append(append([]queries.TrainingRow{}, rows...), tq.total...)
	}
	for i, r := range rows {
		if machine {
			name := r.KeyName
			if tq.by == "topic" && !r.Mapped() {
				name = ""
			}
			t.add(r.Key, name, strconv.Itoa(tq.year), tq.units, strconv.FormatInt(r.Classes, 10), strconv.FormatInt(r.Attendances, 10),
				optInt(r.Female), optFloat(r.FemalePct, 1), optInt(r.Persons), strconv.FormatInt(r.RosterClasses, 10), optInt(r.CivilServants),
				optFloat(r.PerHundredCS, 2), optFloat(r.PersonsPerHundredCS, 2), optInt(r.Planned), optFloat(r.PlanPct, 1),
				optInt(r.PrevClasses), optInt(r.PrevAttendances), optFloat(r.AttendancesChangePct, 1), optFloat(r.Cost, 0), strconv.FormatBool(r.Illustrative))
			continue
		}
		key, label := r.Key, trainingLabel(tq.by, r)
		if i >= len(tq.rows) {
			key, label = "", "Tổng / total"
		} else if tq.by != "province" && tq.by != "topic" {
			key = ""
		} else if tq.by == "topic" && !r.Mapped() {
			key = ""
		}
		change := optFloat(r.AttendancesChangePct, 1)
		if r.AttendancesChangePct != nil && *r.AttendancesChangePct > 0 {
			change = "+" + change
		}
		t.add(key, label, groupThousands(r.Classes), groupThousands(r.Attendances), optFloat(r.FemalePct, 1), optGrouped(r.Persons),
			optFloat(r.PerHundredCS, 1), optFloat(r.PlanPct, 1), optGrouped(r.PrevAttendances), change)
	}
	return t
}

func optGrouped(v *int64) string {
	if v == nil {
		return ""
	}
	return groupThousands(*v)
}

func printTrainingNotes(e *env, tq *trainingQuery) {
	fmt.Fprintln(e.stdout)
	if tq.units == "34" && cchc.MapFor(tq.year) == cchc.Units63 {
		fmt.Fprintln(e.stdout, "Bản đồ 34 đơn vị trước 2025: số lớp và lượt học viên cộng dồn chính xác từ các tỉnh cũ / 34-unit map before 2025: classes and attendances re-summed exactly from the former provinces")
	}
	if !tq.withRoster {
		fmt.Fprintln(e.stdout, "Người: chưa có danh sách học viên / persons: no trainee rosters loaded")
	}
	if !tq.withStaffing {
		fmt.Fprintln(e.stdout, "/100 CC: chưa có số biên chế năm này / per 100 civil servants: no staffing loaded for this year")
	}
	if tq.unmapped {
		fmt.Fprintln(e.stdout, "(?) chủ đề chưa có trong bảng chủ đề chuẩn (data/reference/training_topics.csv) / topic not in the reference table of canonical topics")
	}
	differ, unknown := 0, 0
	for _, g := range tq.gaps {
		if g.Issue == "class_unknown" {
			unknown++
		} else {
			differ++
		}
	}
	if differ > 0 {
		fmt.Fprintf(e.stdout, "Cảnh báo: %d lớp có danh sách học viên lệch số lượt trong tệp lớp / warning: %d classes whose roster disagrees with the class file's count:\n", differ, differ)
		n := 0
		for _, g := range tq.gaps {
			if g.Issue != "class_unknown" && n < 5 {
				fmt.Fprintf(e.stdout, "  %s (%s): tệp lớp/class file %d, danh sách/roster %d\n", g.ClassID, filepath.Base(g.SourceFile), g.Trainees, g.RosterAttendances)
				n++
			}
		}
	}
	if unknown > 0 {
		fmt.Fprintf(e.stdout, "Cảnh báo: %d lớp trong danh sách học viên không có trong tệp lớp / warning: %d roster classes not in any class file\n", unknown, unknown)
	}
	if tq.illustrative {
		fmt.Fprintln(e.stdout, "Nguồn / source: dữ liệu minh họa / illustrative data")
	}
}
