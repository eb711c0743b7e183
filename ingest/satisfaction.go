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
	noHeader := errors.New("không tìm thấy dòng tiêu đề có tỉnh, kỳ, số phiếu và mức hài lòng / no header row with province, period, forms and satisfaction levels")
	return p.parseUnitTable(t, "satisfaction", isSatisfactionHeader, noHeader, func(sh *Sheet, hdr int, cols map[string]int) unitRow {
		all := []string{"forms"}
		percent := false
		for _, f := range satisfactionCols {
			if _, ok := cols[f+"_pct"]; ok {
				percent = true
			}
			all = append(all, f, f+"_pct")
		}
		rules := countRules(sh, hdr, cols, all, decimal)
		return func(i int, row []string, bad func(int, error)) ([]any, string, bool) {
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
				return nil, "", false
			}
			if !hasForms || forms <= 0 || forms != float64(int64(forms)) {
				bad(cols["forms"], errors.New("số phiếu phải là số nguyên dương / forms must be a positive whole number"))
				return nil, "", false
			}
			rowPct := percent
			for _, f := range satisfactionCols {
				if j, has := cols[f]; has && strings.Contains(cell(row, j), "%") {
					rowPct = true
				}
			}
			measure := "count"
			if rowPct {
				measure = "percent"
			}
			vals := []any{measure, strconv.FormatInt(int64(forms), 10)}
			sum := 0.0
			for _, f := range satisfactionCols {
				col := f
				if _, has := cols[f+"_pct"]; has && percent {
					col = f + "_pct"
				}
				v, has, ok := num(col)
				if !ok {
					return nil, "", false
				}
				if !has {
					vals = append(vals, nil)
					continue
				}
				vals = append(vals, FormatScore(v))
				sum += v
			}
			limit, what := forms, "số phiếu / the forms"
			if rowPct {
				limit, what = 100.05, "100%"
			}
			if sum > limit+0.05 {
				bad(cols["forms"], fmt.Errorf("tổng các mức %s vượt %s / the levels add up to %s, more than %s", FormatScore(sum), what, FormatScore(sum), what))
				return nil, "", false
			}
			return vals, "", true
		}
	})
}
