package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"cchc/data"

	"cchc"
)

// Kinds of dossier inputs.
const (
	KindDossierStats   = "dossier-stats"
	KindDossierRecords = "dossier-records"
	KindSatisfaction   = "satisfaction"
)

// dossierFields are the canonical columns of the dossier inputs, read
// through data/reference/dossier_aliases.csv; a separate table because
// "lĩnh vực" is a field of a dossier but a component of an index.
var dossierFields = sync.OnceValues(func() (map[string]string, error) {
	b, err := fs.ReadFile(data.ReferenceFS(), "reference/dossier_aliases.csv")
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("dossier_aliases.csv: %w", err)
	}
	m := map[string]string{}
	for _, r := range recs[1:] {
		m[Fold(r[1])] = r[0]
	}
	return m, nil
})

// dossierField returns the canonical dossier column a header names. A
// satisfaction header with a percent sign names the percent column.
func dossierField(header string) (string, bool) {
	m, err := dossierFields()
	if err != nil {
		return "", false
	}
	f, ok := m[Fold(header)]
	if ok && strings.Contains(header, "%") && satisfactionLevels[f] {
		f += "_pct"
	}
	return f, ok
}

var satisfactionLevels = map[string]bool{"very_satisfied": true, "satisfied": true, "neutral": true, "dissatisfied": true}

// valueKey folds a categorical value: "Trực tuyến một phần", "truc-tuyen
// mot phan" and "TRUC_TUYEN_MOT_PHAN" all give "truc_tuyen_mot_phan".
func valueKey(s string) string { return strings.ReplaceAll(Fold(s), " ", "_") }

// Channels, statuses and levels by folded value.
var (
	dossierChannels = keyMap(map[string][]string{
		"direct":         {"direct", "truc_tiep", "nop_truc_tiep", "truc_tiep_tai_bo_phan_mot_cua", "offline"},
		"online_partial": {"online_partial", "truc_tuyen_mot_phan", "dvc_truc_tuyen_mot_phan", "muc_3", "dvc_muc_3", "online_level_3"},
		"online_full":    {"online_full", "truc_tuyen_toan_trinh", "dvc_truc_tuyen_toan_trinh", "muc_4", "dvc_muc_4", "online_level_4"},
		"online":         {"online", "truc_tuyen", "nop_truc_tuyen"},
		"postal":         {"postal", "buu_chinh", "buu_chinh_cong_ich", "qua_buu_chinh", "qua_buu_chinh_cong_ich", "bccI"},
	})
	dossierStatuses = keyMap(map[string][]string{
		"early":           {"early", "truoc_han", "giai_quyet_truoc_han", "da_giai_quyet_truoc_han", "resolved_early"},
		"on_time":         {"on_time", "dung_han", "giai_quyet_dung_han", "da_giai_quyet_dung_han", "resolved_on_time"},
		"late":            {"late", "tre_han", "giai_quyet_tre_han", "da_giai_quyet_tre_han", "giai_quyet_qua_han", "da_giai_quyet_qua_han", "resolved_late"},
		"pending":         {"pending", "dang_xu_ly", "dang_giai_quyet", "chua_giai_quyet", "dang_xu_ly_trong_han", "pending_in_time", "in_progress"},
		"pending_overdue": {"pending_overdue", "dang_xu_ly_qua_han", "dang_giai_quyet_qua_han", "chua_giai_quyet_qua_han", "overdue"},
		"returned":        {"returned", "withdrawn", "tra_lai", "rut_ho_so", "da_rut", "tra_lai_rut_ho_so", "returned_or_withdrawn"},
	})
	dossierLevels = keyMap(map[string][]string{
		"all":      {"", "all", "all_levels", "tat_ca", "toan_tinh", "chung", "tong"},
		"province": {"province", "provincial", "provincial_departments", "tinh", "cap_tinh", "so_nganh", "cac_so_nganh", "so_ban_nganh", "trung_tam_phuc_vu_hanh_chinh_cong"},
		"district": {"district", "huyen", "cap_huyen", "quan_huyen", "cap_huyen_thi_xa_thanh_pho"},
		"commune":  {"commune", "xa", "cap_xa", "xa_phuong_thi_tran", "phuong_xa"},
	})
)

func keyMap(m map[string][]string) map[string]string {
	out := map[string]string{}
	for canon, aliases := range m {
		for _, a := range aliases {
			out[valueKey(a)] = canon
		}
	}
	return out
}

// DossierChannel returns the canonical channel a cell names.
func DossierChannel(v string) (string, bool) { c, ok := dossierChannels[valueKey(v)]; return c, ok }

// DossierStatus returns the canonical status a cell names.
func DossierStatus(v string) (string, bool) { s, ok := dossierStatuses[valueKey(v)]; return s, ok }

// DossierLevel returns the canonical level a cell names ("" is "all").
func DossierLevel(v string) (string, bool) { l, ok := dossierLevels[valueKey(v)]; return l, ok }

// Period is a reporting period: a year, a quarter or a month of a year.
type Period struct {
	Year int
	Type string // "year", "quarter" or "month"
	No   int    // quarter 1-4, month 1-12, 0 for a year
}

func (p Period) String() string {
	switch p.Type {
	case "quarter":
		return fmt.Sprintf("%d-Q%d", p.Year, p.No)
	case "month":
		return fmt.Sprintf("%d-%02d", p.Year, p.No)
	}
	return strconv.Itoa(p.Year)
}

var romans = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4}

// ParsePeriod reads a period from its cells: a period cell ("2023",
// "2023-Q1", "Quý I/2023", "Q1/2023", "Tháng 3/2023", "03/2023",
// "2023-03"), or a year with an optional quarter or month.
func ParsePeriod(yearCell, periodCell, quarterCell, monthCell string) (Period, error) {
	var p Period
	if strings.TrimSpace(periodCell) != "" {
		var err error
		p, err = parsePeriodText(periodCell)
		if err != nil {
			return p, err
		}
	}
	if strings.TrimSpace(yearCell) != "" {
		y, err := parseYear(yearCell)
		if err != nil {
			return p, err
		}
		if p.Year != 0 && p.Year != int(y) {
			return p, fmt.Errorf("năm %d khác năm của kỳ %d / year %d disagrees with the period's year %d", y, p.Year, y, p.Year)
		}
		p.Year = int(y)
	}
	if p.Year == 0 {
		return p, errors.New("kỳ không có năm / the period has no year")
	}
	set := func(typ, cell string, max int) error {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			return nil
		}
		n, ok := romans[Fold(cell)]
		if !ok {
			k, err := strconv.Atoi(strings.TrimPrefix(Fold(cell), "q"))
			if err != nil || k < 1 || k > max {
				return fmt.Errorf("%s không hợp lệ / invalid %s", typ, typ)
			}
			n = k
		}
		if p.Type != "" && p.Type != "year" && (p.Type != typ || p.No != n) {
			return fmt.Errorf("kỳ ghi hai lần khác nhau / the period is given twice, differently")
		}
		p.Type, p.No = typ, n
		return nil
	}
	if err := set("quarter", quarterCell, 4); err != nil {
		return p, err
	}
	if err := set("month", monthCell, 12); err != nil {
		return p, err
	}
	if p.Type == "" {
		p.Type = "year"
	}
	return p, nil
}

func parsePeriodText(s string) (Period, error) {
	bad := fmt.Errorf("kỳ %s không đọc được (năm, quý hoặc tháng, ví dụ 2023, 2023-Q1, Quý I/2023, Tháng 3/2023) / unreadable period %s (a year, quarter or month, e.g. 2023, 2023-Q1, Quý I/2023, Tháng 3/2023)", cchc.BoundQuoted(s), cchc.BoundQuoted(s))
	toks := strings.Fields(Fold(s))
	var p Period
	var rest []string
	for _, t := range toks {
		if len(t) == 4 {
			if y, err := strconv.Atoi(t); err == nil && y >= 1990 && y <= 2100 {
				if p.Year != 0 {
					return p, bad
				}
				p.Year = y
				continue
			}
		}
		if t == "nam" {
			continue
		}
		rest = append(rest, t)
	}
	num := func(t string, max int) (int, bool) {
		if n, ok := romans[t]; ok && max == 4 {
			return n, true
		}
		n, err := strconv.Atoi(t)
		return n, err == nil && n >= 1 && n <= max
	}
	switch {
	case len(rest) == 0:
		p.Type = "year"
	case len(rest) == 1 && len(rest[0]) == 2 && rest[0][0] == 'q':
		n, ok := num(rest[0][1:], 4)
		if !ok {
			return p, bad
		}
		p.Type, p.No = "quarter", n
	case len(rest) == 2 && (rest[0] == "quy" || rest[0] == "q" || rest[0] == "quarter"):
		n, ok := num(rest[1], 4)
		if !ok {
			return p, bad
		}
		p.Type, p.No = "quarter", n
	case len(rest) == 2 && (rest[0] == "thang" || rest[0] == "month" || rest[0] == "m"):
		n, ok := num(rest[1], 12)
		if !ok {
			return p, bad
		}
		p.Type, p.No = "month", n
	case len(rest) == 1:
		n, ok := num(rest[0], 12)
		if !ok || p.Year == 0 {
			return p, bad
		}
		p.Type, p.No = "month", n
	default:
		return p, bad
	}
	return p, nil
}

// dossierHeader finds the header row of a sheet: the first of its first 30
// rows that names a province and every column in need.
func dossierHeader(sh *Sheet, need func(map[string]int) bool) (int, map[string]int, []string) {
	for i := 0; i < min(len(sh.Rows), 30); i++ {
		cols := map[string]int{}
		var unk []string
		for j, h := range sh.Rows[i] {
			if f, ok := dossierField(h); ok {
				if _, dup := cols[f]; !dup {
					cols[f] = j
					continue
				}
			}
			if h != "" {
				unk = append(unk, h)
			}
		}
		_, hp := cols["province"]
		_, hc := cols["province_code"]
		if (hp || hc) && need(cols) {
			return i, cols, unk
		}
	}
	return -1, nil, nil
}

var statsCounts = []string{"received_total", "received_online", "received_online_partial", "received_online_full",
	"received_direct", "received_postal", "carried_over", "resolved_total", "resolved_early", "resolved_on_time",
	"resolved_late", "pending_total", "pending_in_time", "pending_overdue", "returned"}

func hasAny(cols map[string]int, fields ...string) bool {
	for _, f := range fields {
		if _, ok := cols[f]; ok {
			return true
		}
	}
	return false
}

func isStatsHeader(cols map[string]int) bool {
	return hasAny(cols, "year", "period") &&
		hasAny(cols, "received_total", "received_online", "received_direct", "received_online_partial", "received_online_full") &&
		hasAny(cols, "resolved_total", "resolved_early", "resolved_on_time", "resolved_late", "pending_total", "pending_in_time", "pending_overdue")
}

func isRecordsHeader(cols map[string]int) bool {
	return hasAny(cols, "dossier_id") && hasAny(cols, "received_date") && hasAny(cols, "due_date")
}

func isSatisfactionHeader(cols map[string]int) bool {
	return hasAny(cols, "year", "period") && hasAny(cols, "forms") &&
		hasAny(cols, "very_satisfied", "satisfied", "very_satisfied_pct", "satisfied_pct")
}

// detectDossierKind tells dossier statistics, records and satisfaction
// tallies by their headers ("" for none of them).
func detectDossierKind(t *Table) string {
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		if h, _, _ := dossierHeader(sh, isRecordsHeader); h >= 0 {
			return KindDossierRecords
		}
		if h, _, _ := dossierHeader(sh, isStatsHeader); h >= 0 {
			return KindDossierStats
		}
		if h, _, _ := dossierHeader(sh, isSatisfactionHeader); h >= 0 {
			return KindSatisfaction
		}
	}
	return ""
}

// unitPeriodRow reads the unit, period and level of one row of a
// statistics or satisfaction table.
type unitPeriodRow struct {
	unit    Unit
	input   string
	period  Period
	level   string
	levelIn string
}

func (p *Parser) readUnitPeriod(row []string, cols map[string]int, bad func(int, error)) (unitPeriodRow, bool) {
	var r unitPeriodRow
	get := func(f string) string {
		if j, ok := cols[f]; ok {
			return cell(row, j)
		}
		return ""
	}
	col := func(fs ...string) int {
		for _, f := range fs {
			if j, ok := cols[f]; ok {
				return j
			}
		}
		return -1
	}
	per, err := ParsePeriod(get("year"), get("period"), get("quarter"), get("month"))
	if err != nil {
		bad(col("period", "year", "quarter", "month"), err)
		return r, false
	}
	r.period = per
	pj, hasCode := cols["province_code"]
	if hasCode && cell(row, pj) != "" {
		r.unit, err = p.provinces.ResolveCode(cell(row, pj), per.Year)
	} else {
		pj = cols["province"]
		r.unit, err = p.provinces.Resolve(cell(row, pj), per.Year)
	}
	if err != nil {
		bad(pj, err)
		return r, false
	}
	r.input = cell(row, pj)
	r.levelIn = get("level")
	lv, ok := DossierLevel(r.levelIn)
	if !ok {
		bad(col("level"), fmt.Errorf("cấp không rõ (tỉnh, huyện, xã hoặc để trống là tất cả) / unknown level (province, district, commune, or empty for all)"))
		return r, false
	}
	r.level = lv
	return r, true
}

// countRules infers the number rule of each count column of a sheet.
func countRules(sh *Sheet, hdr int, cols map[string]int, fields []string, decimal byte) map[string]NumberRule {
	rules := map[string]NumberRule{}
	for _, f := range fields {
		j, ok := cols[f]
		if !ok {
			continue
		}
		r := columnRule(sh, &scoreLayout{headerRow: hdr, dataRow: hdr + 1}, j)
		if r.Decimal == 0 {
			// counts are whole: a lone separator groups thousands ("1.521")
			r.Decimal = ','
			if decimal == ',' {
				r.Decimal = '.'
			}
			if decimal == '.' {
				r.Decimal = ','
			}
		}
		rules[f] = r
	}
	return rules
}

// unitRow reads the rest of one row of a unit x period table (after its
// unit, period and level): the values to store, and what else keys the row.
type unitRow func(i int, row []string, bad func(col int, err error)) (vals []any, key string, ok bool)

// parseUnitTable reads the unit x period (x level) tables of a file into
// table: a header row found by need, then one row per unit, period and
// level. Each row stores its unit, map, input, year, period and level,
// then what rows returns; each unit and period is a slice a newer file replaces.
func (p *Parser) parseUnitTable(t *Table, table string, need func(map[string]int) bool, noHeader error,
	sheetRows func(sh *Sheet, hdr int, cols map[string]int) unitRow) (*batch, error) {
	b := &batch{table: table}
	slices := map[string]slice{}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		hdr, cols, ignored := dossierHeader(sh, need)
		if hdr < 0 {
			b.skipped = append(b.skipped, sh.Name)
			continue
		}
		b.sheets = append(b.sheets, sh.Name)
		b.ignored = append(b.ignored, ignored...)
		header := sh.Rows[hdr]
		rest := sheetRows(sh, hdr, cols)
		seen := map[string]int{}
		for i := hdr + 1; i < len(sh.Rows); i++ {
			row, line := sh.Rows[i], sh.Line[i]
			bad := func(col int, err error) {
				b.rejects = append(b.rejects, &CellError{File: t.File, Sheet: sh.Name, Row: line, Column: cell(header, col), Value: cell(row, col), Err: err})
			}
			up, ok := p.readUnitPeriod(row, cols, bad)
			if !ok {
				continue
			}
			vals, key, ok := rest(i, row, bad)
			if !ok {
				continue
			}
			key = strings.Join([]string{string(up.unit.Set), string(up.unit.Code), up.period.String(), up.level, key}, "|")
			if prev, dup := seen[key]; dup {
				bad(cols["province"], fmt.Errorf("trùng đơn vị, kỳ, cấp (và lĩnh vực) với dòng %d / same unit, period, level (and field) as row %d", prev, prev))
				continue
			}
			seen[key] = line
			r := []any{string(up.unit.Code), string(up.unit.Set), up.input, strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No), up.level}
			r = append(append(r, vals...), sh.Name, int32(line))
			b.rows = append(b.rows, r)
			label := fmt.Sprintf("%s %s %s", strings.ReplaceAll(table, "_", "-"), up.unit.Code, up.period)
			slices[label] = slice{label: label, where: "province_code = ? and unit_set = ? and year = ? and period_type = ? and period_no = ?",
				args: []any{string(up.unit.Code), string(up.unit.Set), strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No)}}
			if up.unit.Note != "" {
				b.notes = b.uniqueNotes.add(b.notes, up.unit.Note)
			}
		}
	}
	if len(b.sheets) == 0 {
		return nil, &CellError{File: t.File, Err: noHeader}
	}
	for _, k := range sortedSliceKeys(slices) {
		b.slices = append(b.slices, slices[k])
	}
	return b, nil
}

// parseDossierStats reads aggregated dossier statistics: unit x period x
// level x field with received / resolved / pending counts.
func (p *Parser) parseDossierStats(t *Table, decimal byte) (*batch, error) {
	noHeader := errors.New("không tìm thấy dòng tiêu đề có tỉnh, kỳ, số tiếp nhận và số giải quyết / no header row with province, period, received and resolved counts")
	return p.parseUnitTable(t, "dossier_stats", isStatsHeader, noHeader, func(sh *Sheet, hdr int, cols map[string]int) unitRow {
		rules := countRules(sh, hdr, cols, statsCounts, decimal)
		return func(i int, row []string, bad func(int, error)) ([]any, string, bool) {
			level, field := "", ""
			if j, ok := cols["level"]; ok {
				level = cell(row, j)
			}
			if j, ok := cols["field"]; ok {
				field = cell(row, j)
			}
			vals := []any{level, field}
			counted := false
			for _, f := range statsCounts {
				j, has := cols[f]
				if !has || isMissingMark(cell(row, j)) {
					vals = append(vals, nil)
					continue
				}
				rule := rules[f]
				if sh.IsTyped(i, j) {
					rule = NumberRule{Decimal: '.'}
				}
				n, ok, err := ParseInt(cell(row, j), rule)
				if err == nil && n < 0 {
					err = errors.New("số hồ sơ không được âm / a count cannot be negative")
				}
				if err != nil {
					bad(j, err)
					return nil, "", false
				}
				if !ok {
					vals = append(vals, nil)
					continue
				}
				vals = append(vals, strconv.FormatInt(n, 10))
				counted = true
			}
			if !counted {
				bad(-1, errors.New("dòng không có số liệu nào / the row has no count"))
				return nil, "", false
			}
			return vals, Fold(field), true
		}
	})
}

func sortedSliceKeys(m map[string]slice) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
