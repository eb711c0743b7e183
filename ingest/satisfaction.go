package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var satisfactionCols = []Field{"very_satisfied", "satisfied", "neutral", "dissatisfied"}

// parseSatisfaction reads satisfaction tallies of one-stop offices: unit x
// period (x level) with the forms collected and the answers per level, as
// counts or as percents of the forms.
func (p *Parser) parseSatisfaction(k *inputKind, t *Table, decimal byte) (*batch, error) {
	return p.parseUnitTable(k, t, func(sh *Sheet, h *sheetHeader) unitRow {
		cols := h.cols
		all := []Field{"forms"}
		percent := false
		for _, f := range satisfactionCols {
			if _, ok := cols[f+"_pct"]; ok {
				percent = true
			}
			all = append(all, f, f+"_pct")
		}
		rules := countRules(sh, h, all, decimal)
		return func(r *rowReader) ([]any, string, bool) {
			bad := r.badAt
			num := func(f Field) (float64, bool, bool) {
				j, has := cols[f]
				if !has || isMissingMark(r.at(j)) {
					return 0, false, true
				}
				rule := rules[f]
				if r.typed(j) {
					rule = NumberRule{Decimal: '.'}
				}
				v, ok, err := ParseNumber(r.at(j), rule)
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
				if j, has := cols[f]; has && strings.Contains(r.at(j), "%") {
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
