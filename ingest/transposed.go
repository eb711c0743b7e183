package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// The 2018+ PAPI data sheets are transposed: provinces are columns under a
// code row and/or a name row, indicators are rows with a scale column,
// and each score row may be followed by its 95% confidence bounds and
// standard error. The rules below read any sheet laid out that way.

// transposedLayout is what the province rows of a transposed sheet say.
type transposedLayout struct {
	firstData int            // first row after the province rows
	units     map[int]Unit   // column -> province
	labels    map[int]string // column -> header text
	year      int
}

var (
	subdimLabel    = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\s*[:.]`)
	dimensionLabel = regexp.MustCompile(`^(?:chi so noi dung|dimension|noi dung)\s*(\d{1,2})\b`)
	yearWord       = regexp.MustCompile(`\b(19|20)\d\d\b`)
)

// findTransposed recognises a transposed sheet: within its first rows, a
// row whose first cell names the province (or its code) and whose other
// cells are, for the most part, provinces.
func (p *Parser) findTransposed(sh *Sheet, file string) *transposedLayout {
	year := yearIn(sh.Name)
	if year == 0 {
		year = yearIn(filepath.Base(file))
	}
	if year == 0 {
		return nil
	}
	lay := &transposedLayout{units: map[int]Unit{}, labels: map[int]string{}, year: year}
	for i := 0; i < min(len(sh.Rows), 6); i++ {
		row := sh.Rows[i]
		f, ok := p.headers.Field(cell(row, 0))
		if !ok || (f != FProvince && f != FProvinceCode) {
			if len(lay.units) > 0 {
				break
			}
			continue
		}
		resolved, filled := 0, 0
		units := map[int]Unit{}
		for j := 1; j < len(row); j++ {
			v := row[j]
			if v == "" {
				continue
			}
			filled++
			name, code := v, ""
			if f == FProvinceCode {
				name, code = "", v
			}
			u, _, err := p.resolveUnit(name, code, year)
			if err == nil {
				resolved++
				units[j] = u
			}
		}
		if resolved < 10 || resolved*10 < filled*8 {
			continue
		}
		// a code row wins over a name row; a name row only labels
		for j, u := range units {
			if _, have := lay.units[j]; !have || f == FProvinceCode {
				lay.units[j] = u
			}
			if f == FProvince || lay.labels[j] == "" {
				lay.labels[j] = row[j]
			}
		}
		lay.firstData = i + 1
	}
	if len(lay.units) == 0 {
		return nil
	}
	return lay
}

// transposedComponent maps a row label to a component code; bound is
// "lower", "upper" or "se" for a confidence row of the component before it.
func (p *Parser) transposedComponent(index, label string, year int) (code, bound string, ok bool) {
	base := label
	f := Fold(label)
	switch {
	case strings.Contains(f, "diem toi thieu") || strings.Contains(f, "lower bound"):
		bound = "lower"
	case strings.Contains(f, "diem toi da") || strings.Contains(f, "upper bound"):
		bound = "upper"
	case strings.Contains(f, "sai so") || strings.Contains(f, "standard error"):
		bound = "se"
	}
	if bound != "" {
		if i := strings.LastIndex(label, " - "); i > 0 {
			base = label[:i]
		}
		f = Fold(base)
	}
	cands := []string{}
	if m := subdimLabel.FindStringSubmatch(strings.TrimSpace(base)); m != nil {
		cands = append(cands, "D"+m[1]+"."+m[2])
	} else if m := dimensionLabel.FindStringSubmatch(f); m != nil {
		cands = append(cands, "D"+m[1])
	}
	cands = append(cands, base, strings.Join(strings.Fields(yearWord.ReplaceAllString(base, "")), " "))
	if strings.Contains(f, "chi so "+strings.ToLower(index)) {
		if strings.Contains(f, "khong co trong so") || strings.Contains(f, "khong trong so") || strings.Contains(f, "unweighted") {
			cands = append(cands, "TOTAL")
		} else if strings.Contains(f, "co trong so") || strings.Contains(f, "weighted") {
			cands = append(cands, "TOTAL_W")
		}
	}
	for _, c := range cands {
		if strings.TrimSpace(c) == "" {
			continue // an empty label would mean the overall score
		}
		if code, err := p.headers.Component(index, c, year); err == nil {
			return code, bound, true
		}
	}
	return "", "", false
}

// parseTransposedSheet reads the scores of a transposed sheet.
func (p *Parser) parseTransposedSheet(file string, sh *Sheet, lay *transposedLayout, index string, out *ParsedScores) {
	cols := make([]int, 0, len(lay.units))
	for j := range lay.units {
		cols = append(cols, j)
	}
	sort.Ints(cols)
	last := map[int]int{} // column -> index in out.Records of the last score row
	skipped := 0
	for i := lay.firstData; i < len(sh.Rows); i++ {
		row := sh.Rows[i]
		label := cell(row, 0)
		if label == "" {
			continue
		}
		code, bound, ok := p.transposedComponent(index, label, lay.year)
		if !ok {
			if _, isNumbered, err := p.headers.numberedComponent(index, label, lay.year); isNumbered && err != nil {
				// a component the reference does not have that year: an error at its row, never a silent drop
				out.Rejects = append(out.Rejects, &CellError{File: file, Sheet: sh.Name, Row: sh.Line[i], Column: "A", Value: label, Err: err})
				continue
			}
			skipped++ // an indicator row, not a score
			continue
		}
		if note := p.headers.NumberedNote(index, label, lay.year); note != "" {
			out.Notes = appendUnique(out.Notes, sh.Name+": "+note)
		}
		if bound == "" {
			out.Mapped = append(out.Mapped, fmt.Sprintf("%s: %q -> %s/%s", sh.Name, labelLine(label), index, code))
		}
		for _, j := range cols {
			v := cell(row, j)
			if isMissingMark(v) {
				if strings.TrimSpace(v) != "" {
					out.Missing++
				}
				if bound == "" {
					delete(last, j)
				}
				continue
			}
			rule := NumberRule{Decimal: '.'}
			f, _, err := ParseNumber(v, rule)
			if err != nil {
				out.Rejects = append(out.Rejects, &CellError{File: file, Sheet: sh.Name, Row: sh.Line[i], Column: lay.labels[j], Value: v, Err: err})
				continue
			}
			if bound != "" {
				k, ok := last[j]
				if !ok || out.Records[k].Component != code {
					continue // bounds of a score that was missing
				}
				fv := f
				switch bound {
				case "lower":
					out.Records[k].CILower = &fv
				case "upper":
					out.Records[k].CIUpper = &fv
				case "se":
					out.Records[k].StdError = &fv
				}
				continue
			}
			if f == 0 && p.headers.ScaleStartsAboveZero(index, code, lay.year) {
				out.Missing++
				delete(last, j)
				continue
			}
			if err := p.headers.checkScale(index, code, lay.year, f); err != nil {
				out.Rejects = append(out.Rejects, &CellError{File: file, Sheet: sh.Name, Row: sh.Line[i], Column: lay.labels[j], Value: v, Err: err})
				continue
			}
			u := lay.units[j]
			out.Records = append(out.Records, ScoreRecord{ProvinceCode: string(u.Code), UnitSet: string(u.Set), ProvinceInput: lay.labels[j],
				Year: lay.year, Index: index, Component: code, ComponentIn: label, Score: f, HasScore: true, ScoreInput: v,
				Sheet: sh.Name, Row: sh.Line[i]})
			last[j] = len(out.Records) - 1
		}
	}
	if skipped > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("sheet %q: bỏ qua %d dòng chỉ báo (không phải điểm) / skipped %d indicator rows (not scores)", sh.Name, skipped, skipped))
	}
}
