package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"cchc"

	"cchc/data"
)

// Kinds of training files.
const (
	KindTrainingClasses = "training-classes"
	KindTrainingRoster  = "training-roster"
	KindStaffing        = "staffing"
)

// Canonical fields of training and staffing files.
const (
	FClassID          Field = "class_id"
	FOrganiser        Field = "organiser"
	FLevel            Field = "level"
	FStartDate        Field = "start_date"
	FEndDate          Field = "end_date"
	FTopic            Field = "topic"
	FFormat           Field = "format"
	FTrainees         Field = "trainees"
	FTraineesFemale   Field = "trainees_female"
	FTargetGroup      Field = "target_group"
	FPlanned          Field = "planned_trainees"
	FCost             Field = "cost"
	FTraineeID        Field = "trainee_id"
	FAgency           Field = "agency"
	FGender           Field = "gender"
	FPosition         Field = "position"
	FCivilServants    Field = "civil_servants"
	FPublicEmployees  Field = "public_employees"
	FCommuneOfficials Field = "commune_officials"
)

// count reads a non-negative whole count (attendances, persons, đồng).
// The column rule for counts: a separator with decimals after it is a
// decimal mark ("40.0" from a spreadsheet export is 40, "40.5" is refused);
// a lone '.' or ',' before exactly three digits groups thousands ("37.000",
// "37,000"), since a count cannot be thirty-seven point zero; a typed Excel
// number is read as stored. ok is false for an empty cell.
func (r *rowReader) count(f Field) (n int64, ok bool) {
	j, has := r.cols[f]
	if !has {
		return 0, false
	}
	v := r.at(j)
	rule := NumberRule{}
	if r.typed(j) {
		rule.Decimal = '.'
	}
	n, ok, err := ParseInt(v, rule)
	if errors.Is(err, ErrAmbiguousNumber) {
		rule.Decimal = '.' // "37,000": the comma groups
		if strings.Contains(v, ".") {
			rule.Decimal = ',' // "37.000": the dot groups
		}
		n, ok, err = ParseInt(v, rule)
	}
	if err == nil && ok && n < 0 {
		err = errors.New("số âm / negative number")
	}
	if err != nil {
		r.bad(f, fmt.Errorf("cần số nguyên không âm / a non-negative whole number is required: %w", err))
		return 0, false
	}
	return n, ok
}

// ParseDate reads a date as training files write it: dd/mm/yyyy (also with
// '-' or '.'), ISO yyyy-mm-dd (a time after it is ignored), an Excel serial
// day number (typed, or as text from 1990 to 2099), or Vietnamese text
// ("ngày 5 tháng 3 năm 2023"). Day comes before month: 03/05/2023 is 3 May.
func ParseDate(v string) (time.Time, error) {
	s := NFC(v)
	if s == "" {
		return time.Time{}, errors.New("thiếu ngày / the date is empty")
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "-/") {
		// Excel serial days (the fraction is a time of day)
		if n >= 32874 && n < 73051 {
			return excelEpoch.AddDate(0, 0, int(n)), nil
		}
		return time.Time{}, errors.New("không phải ngày / not a date (dd/mm/yyyy, yyyy-mm-dd)")
	}
	var d, m, y int
	if mm := isoDate.FindStringSubmatch(s); mm != nil {
		y, m, d = atoiOK(mm[1]), atoiOK(mm[2]), atoiOK(mm[3])
	} else if mm := dmyDate.FindStringSubmatch(s); mm != nil {
		d, m, y = atoiOK(mm[1]), atoiOK(mm[2]), atoiOK(mm[3])
	} else if mm := viDate.FindStringSubmatch(Fold(s)); mm != nil {
		d, m, y = atoiOK(mm[1]), atoiOK(mm[2]), atoiOK(mm[3])
	} else {
		return time.Time{}, errors.New("không phải ngày / not a date (dd/mm/yyyy, yyyy-mm-dd)")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || y < 1990 || y > 2099 {
		return time.Time{}, fmt.Errorf("ngày không tồn tại / no such date (ngày/day %d, tháng/month %d, năm/year %d)", d, m, y)
	}
	return t, nil
}

var (
	excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	isoDate    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$`)
	dmyDate    = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?$`)
	viDate     = regexp.MustCompile(`^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$`)
)

func atoiOK(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func (r *rowReader) date(f Field) (time.Time, bool) {
	j, has := r.cols[f]
	if !has {
		return time.Time{}, false
	}
	v := r.at(j)
	t, err := ParseDate(v)
	if err != nil {
		r.bad(f, err)
		return time.Time{}, false
	}
	return t, true
}

// choice maps a cell to one of a closed set of values through folded
// spellings; an empty cell is "" with no error.
func (r *rowReader) choice(f Field, set map[string]string, allowed string) string {
	v := r.get(f)
	if v == "" {
		return ""
	}
	if c, ok := set[Fold(v)]; ok {
		return c
	}
	r.bad(f, fmt.Errorf("giá trị không hợp lệ, dùng / invalid value, use: %s", allowed))
	return ""
}

var trainingLevels = foldSet(map[string][]string{
	"province": {"province", "provincial", "tỉnh", "cấp tỉnh", "tỉnh/thành phố", "T"},
	"district": {"district", "huyện", "cấp huyện", "quận", "quận/huyện", "quận, huyện", "thị xã", "H"},
	"commune":  {"commune", "ward", "xã", "cấp xã", "phường", "xã/phường", "xã, phường, thị trấn", "thị trấn", "cơ sở", "X"},
})

var trainingFormats = foldSet(map[string][]string{
	"in_person": {"in_person", "in person", "in-person", "offline", "face to face", "trực tiếp", "tập trung", "học tập trung"},
	"online":    {"online", "trực tuyến", "từ xa", "e-learning", "elearning", "qua mạng"},
	"blended":   {"blended", "hybrid", "kết hợp", "trực tiếp và trực tuyến", "trực tiếp kết hợp trực tuyến", "tập trung và trực tuyến"},
})

var targetGroups = foldSet(map[string][]string{
	"CB":      {"CB", "cán bộ", "officials", "elected officials"},
	"CC":      {"CC", "công chức", "civil servants", "civil servant"},
	"VC":      {"VC", "viên chức", "public employees", "public employee"},
	"commune": {"commune", "commune officials", "cấp xã", "CBCC cấp xã", "cán bộ công chức cấp xã", "cán bộ, công chức cấp xã", "CBCCX", "công chức xã", "người hoạt động không chuyên trách"},
	"other":   {"other", "khác", "đối tượng khác", "CBCCVC", "cán bộ, công chức, viên chức", "CB, CC, VC", "mixed", "hỗn hợp"},
})

var genders = foldSet(map[string][]string{
	"F": {"F", "female", "nữ", "nu", "woman"},
	"M": {"M", "male", "nam", "man"},
})

func foldSet(m map[string][]string) map[string]string {
	out := map[string]string{}
	for c, vs := range m {
		out[Fold(c)] = c
		for _, v := range vs {
			out[Fold(v)] = c
		}
	}
	return out
}

// topicMatcher maps free-text topics to canonical topics: the longest
// alias found as whole words in the folded text wins.
type topicMatcher struct {
	aliases []topicAlias
}

type topicAlias struct{ key, code string }

func newTopicMatcher(ts []data.TrainingTopic) *topicMatcher {
	m := &topicMatcher{}
	for _, t := range ts {
		for _, a := range append([]string{t.Code, t.NameVI, t.NameEN}, splitAliases(t.Aliases)...) {
			if k := Fold(a); k != "" {
				m.aliases = append(m.aliases, topicAlias{key: k, code: t.Code})
			}
		}
	}
	sort.SliceStable(m.aliases, func(i, j int) bool { return len(m.aliases[i].key) > len(m.aliases[j].key) })
	return m
}

// Topic returns the canonical topic of a free-text topic, if one matches.
func (m *topicMatcher) Topic(text string) (string, bool) {
	f := " " + Fold(text) + " "
	for _, a := range m.aliases {
		if strings.Contains(f, " "+a.key+" ") {
			return a.code, true
		}
	}
	return "", false
}

// TrainingTopic returns the canonical topic code a free-text topic maps to.
func (p *Parser) TrainingTopic(text string) (string, bool) {
	return p.topics.Topic(text)
}

// parseTrainingClasses reads a file of training classes, one row a class.
func (p *Parser) parseTrainingClasses(k *inputKind, t *Table) (*batch, error) {
	b := &batch{table: k.table, extra: 1}
	units := map[string]map[string]bool{} // year -> "set:code"
	seen := keyLines{}
	var mapped []string
	var uniqueMapped uniqueList
	if err := k.each(p, t, b, func(r *rowReader) {
		row, year, unit, note := p.trainingClassRow(r, seen)
		if note != "" {
			mapped = uniqueMapped.add(mapped, note)
		}
		b.rejects = append(b.rejects, r.rejected()...)
		if len(r.errs) > 0 || row == nil {
			return
		}
		b.rows = append(b.rows, row)
		if units[year] == nil {
			units[year] = map[string]bool{}
		}
		units[year][unit] = true
	}); err != nil {
		return nil, err
	}
	b.notes = append(b.notes, mapped[:min(len(mapped), 3)]...)
	if n := len(mapped) - 3; n > 0 {
		b.notes = append(b.notes, fmt.Sprintf("và %d tỉnh cũ khác được quy về đơn vị mới / and %d more former provinces mapped to their new unit", n, n))
	}
	b.slices = unitYearSlices("training", units, "unit_set || ':' || province_code || ':' || province_source")
	return b, nil
}

// unitYearSlices makes one slice per year covering the provinces a file has
// rows for, each a key that keyExpr (a constant SQL expression of this
// package) computes: a file replaces those provinces' years, nothing else.
func unitYearSlices(label string, units map[string]map[string]bool, keyExpr string) []slice {
	var out []slice
	for _, y := range sortedKeys(units) {
		us := sortedKeys(units[y])
		out = append(out, slice{label: fmt.Sprintf("%s %s (%d tỉnh/provinces)", label, y, len(us)),
			where: "year = ? and list_contains(string_split(?, chr(31)), " + keyExpr + ")",
			args:  []any{y, strings.Join(us, "\x1f")}})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// trainingClassRow validates one class; errors go to r.errs.
func (p *Parser) trainingClassRow(r *rowReader, seen keyLines) (row []any, year, unit, note string) {
	line := r.line()
	id := r.get(FClassID)
	if id == "" {
		r.bad(FClassID, errors.New("thiếu mã lớp / the class id is empty"))
	} else if err := seen.repeat(id, line, "mã lớp", "class id"); err != nil {
		r.bad(FClassID, err)
	}
	start, okStart := r.date(FStartDate)
	var end time.Time
	okEnd := false
	if r.get(FEndDate) != "" { // the end date may be left empty
		end, okEnd = r.date(FEndDate)
	}
	if okStart && okEnd && end.Before(start) {
		r.bad(FEndDate, fmt.Errorf("ngày kết thúc %s trước ngày bắt đầu %s / the end date is before the start date", end.Format("02/01/2006"), start.Format("02/01/2006")))
	}
	var u Unit
	var provIn, source string
	if okStart {
		var f Field
		var ok bool
		u, f, provIn, ok = p.unit(r, start.Year())
		source = string(u.Code)
		if ok && u.Note != "" && f == FProvince {
			// an old province named after the merger: its classes are a
			// slice of their own, so that the files of two former
			// provinces of one unit do not replace each other
			if old, err := p.provinces.ResolveOn(provIn, cchc.Units63, start.Year()); err == nil {
				source = string(old.Code)
			}
		}
	}
	level := r.choice(FLevel, trainingLevels, "tỉnh/province, huyện/district, xã/commune")
	if level == "district" && okStart && !start.Before(cchc.MergerDate()) {
		r.bad(FLevel, errors.New("cấp huyện không còn từ 01/07/2025 (chỉ còn cấp tỉnh và cấp xã) / the district level was abolished on 2025-07-01 (province and commune only)"))
	}
	format := r.choice(FFormat, trainingFormats, "trực tiếp/in person, trực tuyến/online, kết hợp/blended")
	target := r.choice(FTargetGroup, targetGroups, "CB, CC, VC, cấp xã/commune, khác/other")
	nerr := len(r.errs)
	trainees, okT := r.count(FTrainees)
	if !okT && len(r.errs) == nerr {
		r.bad(FTrainees, errors.New("thiếu số học viên / the number of trainees is empty"))
	}
	female, okF := r.count(FTraineesFemale)
	if okT && okF && female > trainees {
		r.bad(FTraineesFemale, fmt.Errorf("số nữ lớn hơn tổng số học viên %d / more women than the %d trainees", trainees, trainees))
	}
	planned, okP := r.count(FPlanned)
	var cost any
	if v := r.get(FCost); v != "" {
		n, ok := r.count(FCost)
		if ok {
			cost = strconv.FormatInt(n, 10)
		}
	}
	if len(r.errs) > 0 {
		return nil, "", "", ""
	}
	topicIn := r.get(FTopic)
	topic, mapped := p.topics.Topic(topicIn)
	if !mapped {
		topic = topicIn
	}
	opt := func(n int64, ok bool) any {
		if !ok {
			return nil
		}
		return strconv.FormatInt(n, 10)
	}
	nz := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	var endV any
	if okEnd {
		endV = end.Format(time.DateOnly)
	}
	year = strconv.Itoa(start.Year())
	row = []any{string(u.Code), string(u.Set), provIn, year, id, r.get(FOrganiser), nz(level), nz(r.get(FLevel)),
		start.Format(time.DateOnly), r.get(FStartDate), endV, nz(r.get(FEndDate)), nz(topic), mapped, nz(topicIn),
		nz(format), nz(r.get(FFormat)), strconv.FormatInt(trainees, 10), opt(female, okF),
		nz(target), nz(r.get(FTargetGroup)), opt(planned, okP), cost, r.sheet, int32(line), source}
	return row, year, string(u.Set) + ":" + string(u.Code) + ":" + source, u.Note
}

// parseTrainingRoster reads a trainee roster: one row per attendance.
func (p *Parser) parseTrainingRoster(k *inputKind, t *Table) (*batch, error) {
	b := &batch{table: k.table}
	classes := map[string]bool{}
	seen := keyLines{}
	if err := k.each(p, t, b, func(r *rowReader) {
		class, trainee := r.get(FClassID), r.get(FTraineeID)
		if class == "" {
			r.bad(FClassID, errors.New("thiếu mã lớp / the class id is empty"))
		}
		if trainee == "" {
			r.bad(FTraineeID, errors.New("thiếu mã học viên / the trainee id is empty"))
		}
		g := r.choice(FGender, genders, "nam/M, nữ/F")
		if len(r.errs) == 0 {
			if err := seen.repeat(class+"\x00"+trainee, r.line(), "lớp và học viên", "class and trainee"); err != nil {
				r.bad(FTraineeID, err)
			}
		}
		if len(r.errs) > 0 {
			b.rejects = append(b.rejects, r.rejected()...)
			return
		}
		classes[class] = true
		var gv, gin any
		if g != "" {
			gv, gin = g, r.get(FGender)
		}
		b.rows = append(b.rows, []any{class, trainee, r.get(FAgency), gv, gin, r.get(FPosition), r.sheet, int32(r.line())})
	}); err != nil {
		return nil, err
	}
	if len(classes) > 0 {
		ids := make([]string, 0, len(classes))
		for c := range classes {
			ids = append(ids, c)
		}
		sort.Strings(ids)
		// A roster replaces the rosters of the classes it lists.
		b.slices = append(b.slices, slice{label: fmt.Sprintf("roster %d lớp/classes", len(ids)),
			where: "list_contains(string_split(?, chr(31)), class_id)", args: []any{strings.Join(ids, "\x1f")}})
	}
	return b, nil
}

// parseStaffing reads staffing counts: province, year, civil servants,
// public employees, commune officials (any of the three).
func (p *Parser) parseStaffing(k *inputKind, t *Table) (*batch, error) {
	b := &batch{table: k.table}
	units := map[string]map[string]bool{} // year -> "set:code"
	seen := keyLines{}
	if err := k.each(p, t, b, func(r *rowReader) {
		year, err := parseYear(r.get(FYear))
		if err != nil {
			r.bad(FYear, err)
			b.rejects = append(b.rejects, r.rejected()...)
			return
		}
		u, f, provIn, _ := p.unit(r, int(year))
		var vals []any
		found := false
		for _, c := range staffingCounts {
			n, ok := r.count(c)
			if ok {
				vals = append(vals, strconv.FormatInt(n, 10))
				found = true
			} else {
				vals = append(vals, nil)
			}
		}
		if !found && len(r.errs) == 0 {
			r.bad(FCivilServants, errors.New("dòng không có số liệu biên chế / the row has no staffing count"))
		}
		if len(r.errs) == 0 {
			if err := seen.repeat(string(u.Set)+"|"+string(u.Code)+"|"+strconv.Itoa(int(year)), r.line(), "tỉnh và năm", "province and year"); err != nil {
				r.bad(f, err)
			}
		}
		if len(r.errs) > 0 {
			b.rejects = append(b.rejects, r.rejected()...)
			return
		}
		ys := strconv.Itoa(int(year))
		b.rows = append(b.rows, append(append([]any{string(u.Code), string(u.Set), provIn, ys}, vals...), r.sheet, int32(r.line())))
		if units[ys] == nil {
			units[ys] = map[string]bool{}
		}
		units[ys][string(u.Set)+":"+string(u.Code)] = true
	}); err != nil {
		return nil, err
	}
	b.slices = unitYearSlices("staffing", units, "unit_set || ':' || province_code")
	return b, nil
}

// rosterNotes compares a loaded roster with the classes already loaded: a
// class whose roster lines differ from its trainee count, and classes no
// class file has (yet). Nothing is refused: the class file may come later.
func rosterNotes(ctx context.Context, db *sql.DB, loadID int64) []string {
	rows, err := db.QueryContext(ctx, `select r.class_id, max(c.trainees), count(*)
		from raw.training_roster as r
		left join raw.training_classes as c on c.class_id = r.class_id
		where r._load_id = ?
		group by r.class_id
		having max(c.trainees) is null or try_cast(max(c.trainees) as bigint) <> count(*)
		order by r.class_id`, loadID)
	if err != nil {
		return []string{fmt.Sprintf("không so được với tệp lớp / could not compare with the class files: %v", err)}
	}
	defer rows.Close()
	var differ, unknown []string
	for rows.Next() {
		var id string
		var trainees sql.NullString
		var n int64
		if err := rows.Scan(&id, &trainees, &n); err != nil {
			return nil
		}
		if trainees.Valid {
			differ = append(differ, fmt.Sprintf("%s: %s/%d", id, trainees.String, n))
		} else {
			unknown = append(unknown, id)
		}
	}
	var notes []string
	if len(differ) > 0 {
		notes = append(notes, fmt.Sprintf("%d lớp có số dòng danh sách khác số học viên trong tệp lớp (tệp lớp/danh sách) / %d classes whose roster lines differ from the class file's trainees (class file/roster): %s",
			len(differ), len(differ), strings.Join(differ[:min(len(differ), 5)], ", ")))
	}
	if len(unknown) > 0 {
		notes = append(notes, fmt.Sprintf("%d lớp chưa có trong tệp lớp đã nạp / %d classes not in any class file loaded so far: %s",
			len(unknown), len(unknown), strings.Join(unknown[:min(len(unknown), 5)], ", ")))
	}
	return notes
}
