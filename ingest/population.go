package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// parsePopulation reads a population table: province (or its code), year,
// population. Population feeds the weights of 34-unit estimates.
func (p *Parser) parsePopulation(t *Table, decimal byte) (*batch, error) {
	b := &batch{table: "population"}
	years := map[int]bool{}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		hdr, cols := -1, map[Field]int{}
		var ignored []string
		for i := 0; i < min(len(sh.Rows), 30) && hdr < 0; i++ {
			c := map[Field]int{}
			var unk []string
			for j, h := range sh.Rows[i] {
				if f, ok := p.headers.Field(h); ok {
					if _, dup := c[f]; !dup {
						c[f] = j
						continue
					}
				}
				if h != "" {
					unk = append(unk, h)
				}
			}
			_, hp := c[FProvince]
			_, hc := c[FProvinceCode]
			_, hy := c[FYear]
			_, hn := c[FPopulation]
			if (hp || hc) && hy && hn {
				hdr, cols, ignored = i, c, unk
			}
		}
		if hdr < 0 {
			b.skipped = append(b.skipped, sh.Name)
			continue
		}
		b.sheets = append(b.sheets, sh.Name)
		b.ignored = append(b.ignored, ignored...)
		header := sh.Rows[hdr]
		nj := cols[FPopulation]
		lay := &scoreLayout{headerRow: hdr}
		rule := columnRule(sh, lay, nj)
		if rule.Decimal == 0 && decimal != 0 {
			rule.Decimal = decimal
		}
		seen := map[string]int{}
		for i := hdr + 1; i < len(sh.Rows); i++ {
			row, line := sh.Rows[i], sh.Line[i]
			bad := func(col int, err error) {
				b.rejects = append(b.rejects, &CellError{File: t.File, Sheet: sh.Name, Row: line, Column: cell(header, col), Value: cell(row, col), Err: err})
			}
			yj := cols[FYear]
			year, err := parseYear(cell(row, yj))
			if err != nil {
				bad(yj, err)
				continue
			}
			var u Unit
			pj, hasCode := cols[FProvinceCode]
			if hasCode && cell(row, pj) != "" {
				u, err = p.provinces.ResolveCode(cell(row, pj), int(year))
			} else {
				pj = cols[FProvince]
				u, err = p.provinces.Resolve(cell(row, pj), int(year))
			}
			if err != nil {
				bad(pj, err)
				continue
			}
			r := rule
			if sh.IsTyped(i, nj) {
				r = NumberRule{Decimal: '.'}
			}
			n, ok, err := ParseNumber(cell(row, nj), r)
			if err == nil && (!ok || n <= 0) {
				err = fmt.Errorf("dân số phải là số dương / population must be a positive number")
			}
			if err != nil {
				bad(nj, err)
				continue
			}
			key := fmt.Sprintf("%s|%s|%d", u.Set, u.Code, year)
			if prev, dup := seen[key]; dup {
				bad(pj, fmt.Errorf("trùng với dòng %d / duplicates row %d", prev, prev))
				continue
			}
			seen[key] = line
			years[int(year)] = true
			b.rows = append(b.rows, []any{string(u.Code), string(u.Set), cell(row, pj), strconv.Itoa(int(year)), strconv.FormatFloat(n, 'f', -1, 64), cell(row, nj), sh.Name, int32(line)})
		}
	}
	if len(b.sheets) == 0 {
		return nil, &CellError{File: t.File, Err: fmt.Errorf("không tìm thấy dòng tiêu đề có tỉnh, năm và dân số (%s) / no header row with province, year and population", strings.Join(b.skipped, ", "))}
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		b.slices = append(b.slices, slice{label: fmt.Sprintf("population %d", y), where: "year = ?", args: []any{strconv.Itoa(y)}})
	}
	return b, nil
}
