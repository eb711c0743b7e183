package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var satisfactionCols = []string{"very_satisfied", "satisfied", "neutral", "dissatisfied"}

// parseSatisfaction reads satisfaction tallies of one-stop offices: unit x
// period (x level) with the forms collected and the answers per level, as
// counts or as percents of the forms.
func (p *Parser) parseSatisfaction(t *Table, decimal byte) (*batch, error) {
	b := &batch{table: "satisfaction"}
	slices := map[string]slice{}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		hdr, cols, ignored := dossierHeader(sh, isSatisfactionHeader)
		if hdr < 0 {
			b.skipped = append(b.skipped, sh.Name)
			continue
		}
		b.sheets = append(b.sheets, sh.Name)
		b.ignored = append(b.ignored, ignored...)
		header := sh.Rows[hdr]
		var all []string
		percent := false
		for _, f := range satisfactionCols {
			if _, ok := cols[f+"_pct"]; ok {
				percent = true
			}
			all = append(all, f, f+"_pct")
		}
		rules := countRules(sh, hdr, cols, append(all, "forms"), decimal)
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
			num := func(f string) (float64, bool, bool) {
				j, has := cols[f]
				if !has || isMissingMark(cell(row, j)) {
					return 0, false, true
				}
				rule := rules[f]
				if sh.IsTyped(i, j) {
					rule = NumberRule{Decimal: '.'}
				}
				v, ok, err := ParseNumber(cell(row, j), rule)
				if err == nil && v < 0 {
					err = errors.New("không được âm / cannot be negative")
				}
				if err != nil {
					bad(j, err)
					return 0, false, false
				}
				return v, ok, true
			}
			forms, hasForms, ok := num("forms")
			if !ok {
				continue
			}
			if !hasForms || forms <= 0 || forms != float64(int64(forms)) {
				bad(cols["forms"], errors.New("số phiếu phải là số nguyên dương / forms must be a positive whole number"))
				continue
			}
			rowPct := percent
			for _, f := range satisfactionCols {
				if j, has := cols[f]; has && strings.Contains(cell(row, j), "%") {
					rowPct = true
				}
			}
			vals := make([]any, len(satisfactionCols))
			sum, good := 0.0, true
			for k, f := range satisfactionCols {
				col := f
				if _, has := cols[f+"_pct"]; has && percent {
					col = f + "_pct"
				}
				v, has, ok := num(col)
				if !ok {
					good = false
					break
				}
				if has {
					vals[k] = FormatScore(v)
					sum += v
				}
			}
			if !good {
				continue
			}
			limit, what := forms, "số phiếu / the forms"
			if rowPct {
				limit, what = 100.05, "100%"
			}
			if sum > limit+0.05 {
				bad(cols["forms"], fmt.Errorf("tổng các mức %s vượt %s / the levels add up to %s, more than %s", FormatScore(sum), what, FormatScore(sum), what))
				continue
			}
			measure := "count"
			if rowPct {
				measure = "percent"
			}
			key := strings.Join([]string{up.unit.Set, up.unit.Code, up.period.String(), up.level}, "|")
			if prev, dup := seen[key]; dup {
				bad(cols["province"], fmt.Errorf("trùng đơn vị, kỳ và cấp với dòng %d / same unit, period and level as row %d", prev, prev))
				continue
			}
			seen[key] = line
			r := []any{up.unit.Code, up.unit.Set, up.input, strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No), up.level, measure, strconv.FormatInt(int64(forms), 10)}
			r = append(r, vals...)
			r = append(r, sh.Name, int32(line))
			b.rows = append(b.rows, r)
			label := fmt.Sprintf("satisfaction %s %s", up.unit.Code, up.period)
			slices[label] = slice{label: label, where: "province_code = ? and unit_set = ? and year = ? and period_type = ? and period_no = ?",
				args: []any{up.unit.Code, up.unit.Set, strconv.Itoa(up.period.Year), up.period.Type, strconv.Itoa(up.period.No)}}
		}
	}
	if len(b.sheets) == 0 {
		return nil, &CellError{File: t.File, Err: errors.New("không tìm thấy dòng tiêu đề có tỉnh, kỳ, số phiếu và mức hài lòng / no header row with province, period, forms and satisfaction levels")}
	}
	for _, k := range sortedSliceKeys(slices) {
		b.slices = append(b.slices, slices[k])
	}
	return b, nil
}
