package ingest

import (
	"fmt"
	"sort"
	"strconv"
)

// parsePopulation reads a population table: province (or its code), year,
// population. Population feeds the weights of 34-unit estimates.
func (p *Parser) parsePopulation(k *inputKind, t *Table, decimal byte) (*batch, error) {
	b := &batch{table: k.table}
	years := map[int]bool{}
	seen := keyLines{}
	err := k.walk(p, t, b, func(sh *Sheet, h *sheetHeader) func(r *rowReader) {
		nj := h.cols[FPopulation]
		rule := columnRule(sh, &scoreLayout{headerRow: h.row, dataRow: h.row + 1}, nj)
		if rule.Decimal == 0 && decimal != 0 {
			rule.Decimal = decimal
		}
		return func(r *rowReader) {
			year, err := parseYear(r.get(FYear))
			if err != nil {
				r.bad(FYear, err)
				b.rejects = append(b.rejects, r.rejected()...)
				return
			}
			u, f, provIn, ok := p.unit(r, int(year))
			if !ok {
				b.rejects = append(b.rejects, r.rejected()...)
				return
			}
			rl := rule
			if r.typed(nj) {
				rl = NumberRule{Decimal: '.'}
			}
			n, ok, err := ParseNumber(r.at(nj), rl)
			if err == nil && (!ok || n <= 0) {
				err = fmt.Errorf("dân số phải là số dương / population must be a positive number")
			}
			if err != nil {
				r.badAt(nj, err)
			} else if err := seen.repeat(fmt.Sprintf("%s|%s|%d", u.Set, u.Code, year), r.line(), "tỉnh và năm", "province and year"); err != nil {
				r.bad(f, err)
			}
			if len(r.errs) > 0 {
				b.rejects = append(b.rejects, r.rejected()...)
				return
			}
			years[int(year)] = true
			b.rows = append(b.rows, []any{string(u.Code), string(u.Set), provIn, strconv.Itoa(int(year)), strconv.FormatFloat(n, 'f', -1, 64), r.at(nj), r.sheet, int32(r.line())})
		}
	})
	if err != nil {
		return nil, err
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		b.slices = append(b.slices, slice{label: fmt.Sprintf("population %d", y), where: "year = ?", args: []any{strconv.Itoa(y)}})
	}
	return b, nil
}
