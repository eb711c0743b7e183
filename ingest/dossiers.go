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

var statsCounts = []Field{"received_total", "received_online", "received_online_partial", "received_online_full",
	"received_direct", "received_postal", "carried_over", "resolved_total", "resolved_early", "resolved_on_time",
	"resolved_late", "pending_total", "pending_in_time", "pending_overdue", "returned"}

// unitPeriodRow reads the unit, period and level of one row of a
// statistics or satisfaction table.
type unitPeriodRow struct {
	unit    Unit
	input   string
	period  Period
	level   string
	levelIn string
}

func (p *Parser) readUnitPeriod(r *rowReader) (unitPeriodRow, bool) {
	var up unitPeriodRow
	per, err := ParsePeriod(r.get("year"), r.get("period"), r.get("quarter"), r.get("month"))
	if err != nil {
		r.badAt(r.col("period", "year", "quarter", "month"), err)
		return up, false
	}
	up.period = per
	var ok bool
	if up.unit, _, up.input, ok = p.unit(r, per.Year); !ok {
		return up, false
	}
	up.levelIn = r.get("level")
	lv, ok := DossierLevel(up.levelIn)
	if !ok {
		r.bad("level", fmt.Errorf("cấp không rõ (tỉnh, huyện, xã hoặc để trống là tất cả) / unknown level (province, district, commune, or empty for all)"))
		return up, false
	}
	up.level = lv
	return up, true
}

// countRules infers the number rule of each count column of a sheet.
func countRules(sh *Sheet, h *sheetHeader, fields []Field, decimal byte) map[Field]NumberRule {
	rules := map[Field]NumberRule{}
	for _, f := range fields {
		j, ok := h.cols[f]
		if !ok {
			continue
		}
		r := columnRule(sh, &scoreLayout{headerRow: h.row, dataRow: h.row + 1}, j)
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
// unit, period and level): the values to store, and what else keys the
// row; its errors go to the row reader.
type unitRow func(r *rowReader) (vals []any, key string, ok bool)

// parseUnitTable reads the unit x period (x level) tables of a file of
// kind k: a header row, then one row per unit, period and level. Each row
// stores its unit, map, input, year, period and level, then what the row
// function sheetRows gives for its sheet returns; each unit and period is
// a slice a newer file replaces.
func (p *Parser) parseUnitTable(k *inputKind, t *Table, sheetRows func(sh *Sheet, h *sheetHeader) unitRow) (*batch, error) {
	b := &batch{table: k.table}
	slices := map[string]slice{}
	seen := keyLines{}
	err := k.walk(p, t, b, func(sh *Sheet, h *sheetHeader) func(r *rowReader) {
		rest := sheetRows(sh, h)
		return func(r *rowReader) {
			defer func() { b.rejects = append(b.rejects, r.rejected()...) }()
			up, ok := p.readUnitPeriod(r)
			if !ok {
				return
			}
			vals, key, ok := rest(r)
			if !ok {
				return
			}
			key = strings.Join([]string{string(up.unit.Set), string(up.unit.Code), up.period.String(), up.level, key}, "|")
			if err := seen.repeat(key, r.line(), "đơn vị, kỳ, cấp (và lĩnh vực)", "unit, period, level (and field)"); err != nil {
				r.badAt(r.col(FProvince, FProvinceCode), err)
				return
			}
			row := []any{string(up.unit.Code), string(up.unit.Set), up.input, strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No), up.level}
			b.rows = append(b.rows, append(append(row, vals...), r.sheet, int32(r.line())))
			label := fmt.Sprintf("%s %s %s", strings.ReplaceAll(k.table, "_", "-"), up.unit.Code, up.period)
			slices[label] = slice{label: label, where: "province_code = ? and unit_set = ? and year = ? and period_type = ? and period_no = ?",
				args: []any{string(up.unit.Code), string(up.unit.Set), strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No)}}
			if up.unit.Note != "" {
				b.notes = b.uniqueNotes.add(b.notes, up.unit.Note)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, k := range sortedSliceKeys(slices) {
		b.slices = append(b.slices, slices[k])
	}
	return b, nil
}

// parseDossierStats reads aggregated dossier statistics: unit x period x
// level x field with received / resolved / pending counts.
func (p *Parser) parseDossierStats(k *inputKind, t *Table, decimal byte) (*batch, error) {
	return p.parseUnitTable(k, t, func(sh *Sheet, h *sheetHeader) unitRow {
		rules := countRules(sh, h, statsCounts, decimal)
		return func(r *rowReader) ([]any, string, bool) {
			field := r.get("field")
			vals := []any{r.get("level"), field}
			counted := false
			for _, f := range statsCounts {
				j, has := r.cols[f]
				if !has || isMissingMark(r.at(j)) {
					vals = append(vals, nil)
					continue
				}
				rule := rules[f]
				if r.typed(j) {
					rule = NumberRule{Decimal: '.'}
				}
				n, ok, err := ParseInt(r.at(j), rule)
				if err == nil && n < 0 {
					err = errors.New("số hồ sơ không được âm / a count cannot be negative")
				}
				if err != nil {
					r.badAt(j, err)
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
				r.badAt(-1, errors.New("dòng không có số liệu nào / the row has no count"))
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
