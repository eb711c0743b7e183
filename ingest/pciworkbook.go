package ingest

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Official PCI workbooks (VCCI) hold two kinds of data sheet, and a year's
// workbook may have either or both:
//
//   - summary sheets ("Tổng hợp", "Summary_VN", "Summary"): one sorted
//     table per component side by side. Each label sits over a value
//     column; the province that value belongs to is in the nearest column
//     to its left that holds province names. The overall score is headed
//     "PCI YYYY", followed by the official rank ("Xếp hạng") and tier
//     ("Nhóm xếp hạng"), with or without their own province column.
//   - sub-index sheets: a header row naming PCI's own province id ("PCI
//     ID", "Mã PCI") and the province, a sub-index score column ("Chỉ số
//     thành phần N", "Sub-Index N") and indicator columns; a later header
//     row gives variable names (sub1_entry, sub7_proactivity_prov, ...).
//     N depends on the year (2009-2012 had no equal-competition
//     sub-index, so proactivity was 6), so the component is taken from
//     the variable name, else the sheet name, else the label read with
//     that year's numbering (index_components.csv).
//
// The rules below read those layouts wherever the header rows are, under
// any sheet name; they were written from the layout, not from a list of
// known files.

var (
	pciTotalHeader = regexp.MustCompile(`^pci\s*((?:19|20)\d\d)$`)
	subIndexHeader = regexp.MustCompile(`^(?:chi so thanh phan|sub ?index|cstp)\s*(\d{1,2})$`)
	subIndexVar    = regexp.MustCompile(`^sub(\d{1,2})_([a-z]+)`)
)

// pciVarTokens maps the token of a sub-index variable name to a component.
var pciVarTokens = map[string]string{
	"entry": "entry", "land": "land", "transparency": "transparency", "transp": "transparency",
	"time": "time", "informal": "informal", "bias": "bias", "equal": "bias", "proactivity": "proactive",
	"proactive": "proactive", "psd": "support", "bss": "support", "support": "support",
	"labor": "labor", "labour": "labor", "legal": "legal", "implement": "implement",
}

// pciSummary is a recognised summary sheet.
type pciSummary struct {
	header   int
	year     int // from its "PCI YYYY" label
	totalCol int
	provCols []int          // columns holding province names
	values   map[int]string // value column -> component code
	rankCol  int            // -1 when absent
	tierCol  int            // -1 when absent
	orderCol int            // "Thứ tự"/"No": the row order, -1 when absent
	labels   map[int]string
	ignored  []string
}

// pciSubIndex is a recognised sub-index sheet.
type pciSubIndex struct {
	header, dataRow int
	idCol, nameCol  int
	scoreCol        int
	label           string // header label of the score column
	varName         string
	indicators      int
}

// IsPCIWorkbook reports whether t is laid out as an official PCI workbook.
func (p *Parser) IsPCIWorkbook(t *Table) bool {
	for i := range t.Sheets {
		if p.findPCISummary(&t.Sheets[i]) != nil || p.findPCISubIndex(&t.Sheets[i]) != nil {
			return true
		}
	}
	return false
}

func (p *Parser) findPCISummary(sh *Sheet) *pciSummary {
	for i := 0; i < min(len(sh.Rows), 10); i++ {
		row := sh.Rows[i]
		s := &pciSummary{header: i, totalCol: -1, rankCol: -1, tierCol: -1, orderCol: -1, values: map[int]string{}, labels: map[int]string{}}
		for j, h := range row {
			if m := pciTotalHeader.FindStringSubmatch(Fold(h)); m != nil && s.totalCol < 0 {
				s.totalCol = j
				s.year, _ = strconv.Atoi(m[1])
			}
		}
		if s.totalCol < 0 {
			continue
		}
		// Province columns: most of their data cells are province names.
		for j := 0; j < len(row); j++ {
			if p.provinceColumn(sh, i+1, j) {
				s.provCols = append(s.provCols, j)
			}
		}
		if len(s.provCols) == 0 {
			continue
		}
		for j, h := range row {
			if h == "" || j == s.totalCol || containsInt(s.provCols, j) {
				continue
			}
			s.labels[j] = h
			f := Fold(h)
			switch {
			case strings.Contains(f, "nhom") || strings.Contains(f, "tier"):
				if j > s.totalCol && s.tierCol < 0 {
					s.tierCol = j
					continue
				}
			case j < s.provCols[0] && (f == "thu tu" || f == "stt" || f == "no" || f == "tt"):
				s.orderCol = j
				continue
			case strings.Contains(f, "xep hang") || strings.Contains(f, "thu hang") || strings.Contains(f, "ranking") || f == "rank":
				if j > s.totalCol && s.rankCol < 0 {
					s.rankCol = j
					continue
				}
			default:
				if code, err := p.headers.Component("PCI", h, s.year); err == nil && code != "TOTAL" {
					s.values[j] = code
					continue
				}
			}
			s.ignored = append(s.ignored, labelLine(h))
		}
		return s
	}
	return nil
}

// labelLine puts a header label (Excel wraps them) on one line.
func labelLine(h string) string { return strings.Join(strings.Fields(h), " ") }

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// provinceColumn reports whether most non-empty cells of column j from row
// `from` on (up to 70 rows) are province names, and at least ten are.
func (p *Parser) provinceColumn(sh *Sheet, from, j int) bool {
	filled, ok := 0, 0
	for i := from; i < min(len(sh.Rows), from+70); i++ {
		v := cell(sh.Rows[i], j)
		if v == "" {
			continue
		}
		filled++
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			continue
		}
		if _, err := p.provinces.Resolve(v, 2010); err == nil {
			ok++
		}
	}
	return ok >= 10 && ok*10 >= filled*8
}

func (p *Parser) findPCISubIndex(sh *Sheet) *pciSubIndex {
	for i := 0; i < min(len(sh.Rows), 10); i++ {
		row := sh.Rows[i]
		s := &pciSubIndex{header: i, idCol: -1, nameCol: -1, scoreCol: -1}
		for j, h := range row {
			f := Fold(h)
			switch {
			case f == "pci id" || f == "ma pci" || f == "pci ma" || f == "pciid":
				if s.idCol < 0 {
					s.idCol = j
				}
			case s.nameCol < 0 && func() bool { fl, ok := p.headers.Field(h); return ok && fl == FProvince }():
				s.nameCol = j
			case s.scoreCol < 0 && subIndexHeader.MatchString(f):
				s.scoreCol, s.label = j, labelLine(h)
			}
		}
		if s.idCol < 0 || s.scoreCol < 0 {
			continue
		}
		s.indicators = len(row) - s.scoreCol - 1
		s.dataRow = i + 1
		// Further header rows (variable names) until the first row with a PCI id.
		for k := i + 1; k < min(len(sh.Rows), i+5); k++ {
			if _, err := strconv.Atoi(strings.TrimSpace(cell(sh.Rows[k], s.idCol))); err == nil {
				break
			}
			s.dataRow = k + 1
			if v := strings.ToLower(strings.TrimSpace(cell(sh.Rows[k], s.scoreCol))); subIndexVar.MatchString(v) {
				s.varName = v
			}
		}
		return s
	}
	return nil
}

// pciComponent names the component of a sub-index sheet.
func (p *Parser) pciComponent(sh *Sheet, s *pciSubIndex, year int) (string, error) {
	if m := subIndexVar.FindStringSubmatch(s.varName); m != nil {
		if c, ok := pciVarTokens[m[2]]; ok {
			return c, nil
		}
	}
	if c, err := p.headers.Component("PCI", sh.Name, year); err == nil {
		return c, nil
	}
	if c, err := p.headers.Component("PCI", s.label, year); err == nil && c != "TOTAL" {
		return c, nil
	}
	return "", fmt.Errorf("không nhận ra chỉ số thành phần của sheet %q (cột %q, biến %q) / cannot tell which sub-index sheet %q holds (column %q, variable %q)",
		sh.Name, s.label, s.varName, sh.Name, s.label, s.varName)
}

// ParsePCIWorkbook reads an official PCI workbook: the overall score, the
// official rank and tier, and every sub-index, for every province.
func (p *Parser) ParsePCIWorkbook(t *Table) (*ParsedScores, error) {
	out := &ParsedScores{}
	summaries := map[int]*pciSummary{}
	subs := map[int]*pciSubIndex{}
	for i := range t.Sheets {
		sh := &t.Sheets[i]
		if s := p.findPCISummary(sh); s != nil {
			summaries[i] = s
		} else if s := p.findPCISubIndex(sh); s != nil {
			subs[i] = s
		} else {
			out.Skipped = append(out.Skipped, sh.Name)
		}
	}
	if len(summaries) == 0 && len(subs) == 0 {
		return nil, &CellError{File: t.File, Err: errors.New("không thấy sheet tổng hợp (\"PCI YYYY\", xếp hạng) hay sheet chỉ số thành phần (mã PCI, tỉnh, chỉ số thành phần N) nào / no PCI summary sheet (\"PCI YYYY\", rank) or sub-index sheet (PCI id, province, sub-index N)")}
	}
	year, how, err := pciWorkbookYear(t, summaries)
	if err != nil {
		return nil, err
	}
	out.Notes = append(out.Notes, fmt.Sprintf("năm / year %d (%s)", year, how))

	type key struct{ code, comp string }
	seen := map[key]int{} // -> index in out.Records
	add := func(r ScoreRecord, column string) {
		k := key{r.ProvinceCode, r.Component}
		if at, dup := seen[k]; dup {
			prev := &out.Records[at]
			if r.HasScore && !prev.HasScore {
				rank, hasRank, group := prev.Rank, prev.HasRank, prev.Group
				*prev = r
				prev.Rank, prev.HasRank, prev.Group = rank, hasRank, group
			} else if r.HasScore && math.Abs(prev.Score-r.Score) > 1e-9*math.Max(1, math.Abs(r.Score)) {
				out.Rejects = append(out.Rejects, &CellError{File: t.File, Sheet: r.Sheet, Row: r.Row, Column: column, Value: r.ScoreInput,
					Err: fmt.Errorf("khác giá trị %s ở sheet %q dòng %d / differs from %s in sheet %q row %d", prev.ScoreInput, prev.Sheet, prev.Row, prev.ScoreInput, prev.Sheet, prev.Row)})
			}
			if r.HasRank && !prev.HasRank {
				prev.Rank, prev.HasRank = r.Rank, true
			}
			if r.Group != "" && prev.Group == "" {
				prev.Group = r.Group
			}
			return
		}
		seen[k] = len(out.Records)
		out.Records = append(out.Records, r)
	}

	// Sub-index sheets first: they name provinces by PCI id.
	indicators := 0
	for i := range t.Sheets {
		s, ok := subs[i]
		if !ok {
			continue
		}
		sh := &t.Sheets[i]
		out.Sheets = append(out.Sheets, sh.Name)
		comp, err := p.pciComponent(sh, s, year)
		if err != nil {
			return nil, &CellError{File: t.File, Sheet: sh.Name, Row: sh.Line[s.header], Column: s.label, Value: s.varName, Err: err}
		}
		out.Mapped = append(out.Mapped, fmt.Sprintf("%s: %q -> PCI/%s", sh.Name, s.label, comp))
		indicators += s.indicators
		header := sh.Rows[s.header]
		started := false
		for r := s.dataRow; r < len(sh.Rows); r++ {
			row := sh.Rows[r]
			id, name := strings.TrimSpace(cell(row, s.idCol)), cell(row, s.nameCol)
			bad := func(col int, err error) {
				out.Rejects = append(out.Rejects, &CellError{File: t.File, Sheet: sh.Name, Row: sh.Line[r], Column: cell(header, col), Value: cell(row, col), Err: err})
			}
			if id == "" {
				if started {
					break // the table ends at its first row without an id; what follows is a legend or a highlight block
				}
				continue
			}
			started = true
			unit, idErr := p.provinces.ResolvePCIID(id, year)
			var byName Unit
			nameErr := errors.New("no name")
			if s.nameCol >= 0 && name != "" {
				byName, nameErr = p.provinces.Resolve(name, year)
			}
			switch {
			case idErr == nil && nameErr == nil && byName.Code != unit.Code:
				bad(s.nameCol, fmt.Errorf("mã PCI %s là %s nhưng tên tỉnh ghi %s / PCI id %s is %s but the name says %s", id, unit.Name, byName.Name, id, unit.Name, byName.Name))
				continue
			case idErr == nil && s.nameCol >= 0 && name != "" && nameErr != nil:
				bad(s.nameCol, nameErr) // a name that is no province in that year (Hà Tây after 2008)
				continue
			case idErr != nil && nameErr == nil:
				// PCI ids are known for the 63 provinces; a unit such as Hà Tây
				// (2006-2008) is matched by its name.
				out.Notes = out.notes.add(out.Notes, fmt.Sprintf("mã PCI %s không có trong bảng tham chiếu: nhận tỉnh theo tên %q / PCI id %s is not in the reference table: province matched by its name %q", id, name, id, name))
				unit = byName
			case idErr != nil && s.nameCol >= 0 && name != "":
				bad(s.nameCol, fmt.Errorf("%w; %v", nameErr, idErr))
				continue
			case idErr != nil:
				bad(s.idCol, idErr)
				continue
			}
			rec := ScoreRecord{ProvinceCode: string(unit.Code), UnitSet: string(unit.Set), ProvinceInput: name, Year: year, Index: "PCI",
				Component: comp, ComponentIn: s.label, Sheet: sh.Name, Row: sh.Line[r]}
			if !p.parseValue(sh, r, s.scoreCol, NumberRule{Decimal: '.'}, &rec, bad, out) || !rec.HasScore {
				continue
			}
			add(rec, s.label)
		}
	}

	if indicators > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("bỏ qua %d cột chỉ tiêu ở %d sheet chỉ số thành phần (không phải điểm) / skipped %d indicator columns in %d sub-index sheets (not scores)", indicators, len(subs), indicators, len(subs)))
	}
	for i := range t.Sheets {
		s, ok := summaries[i]
		if !ok {
			continue
		}
		sh := &t.Sheets[i]
		if s.year != year {
			// PCI_2015.xlsx carries the 2013 English summary: another year's table.
			out.Skipped = append(out.Skipped, sh.Name)
			out.Notes = append(out.Notes, fmt.Sprintf("bỏ qua sheet %q: ghi \"PCI %d\" nhưng bảng là năm %d / skipped sheet %q: labelled \"PCI %d\" in a %d workbook",
				sh.Name, s.year, year, sh.Name, s.year, year))
			continue
		}
		out.Sheets = append(out.Sheets, sh.Name)
		for _, h := range s.ignored {
			out.Ignored = out.ignored.add(out.Ignored, sh.Name+": "+h)
		}
		cols := []int{s.totalCol}
		for j := range s.values {
			cols = append(cols, j)
		}
		sort.Ints(cols)
		for _, j := range cols {
			comp := "TOTAL"
			if j != s.totalCol {
				comp = s.values[j]
			}
			out.Mapped = append(out.Mapped, fmt.Sprintf("%s: %q -> PCI/%s", sh.Name, labelLine(cell(sh.Rows[s.header], j)), comp))
		}
		if s.rankCol >= 0 {
			out.Mapped = append(out.Mapped, fmt.Sprintf("%s: %q -> PCI/TOTAL official rank", sh.Name, labelLine(s.labels[s.rankCol])))
		}
		if s.tierCol >= 0 {
			out.Mapped = append(out.Mapped, fmt.Sprintf("%s: %q -> PCI/TOTAL official tier", sh.Name, labelLine(s.labels[s.tierCol])))
		}
		header := sh.Rows[s.header]
		provOf := func(j int) int {
			k := -1
			for _, c := range s.provCols {
				if c < j {
					k = c
				}
			}
			return k
		}
		for r := s.header + 1; r < len(sh.Rows); r++ {
			row := sh.Rows[r]
			if s.orderCol >= 0 {
				if _, err := strconv.Atoi(strings.TrimSpace(cell(row, s.orderCol))); err != nil {
					if strings.Join(row, "") == "" {
						continue
					}
					break // the ranked table ends where its order column does
				}
			} else if strings.Join(row, "") == "" {
				break
			}
			bad := func(col int, err error) {
				out.Rejects = append(out.Rejects, &CellError{File: t.File, Sheet: sh.Name, Row: sh.Line[r], Column: labelLine(cell(header, col)), Value: cell(row, col), Err: err})
			}
			resolve := func(j int) (Unit, bool) {
				pc := provOf(j)
				name := cell(row, pc)
				if pc < 0 || name == "" {
					return Unit{}, false
				}
				u, err := p.provinces.Resolve(name, year)
				if err != nil {
					bad(pc, err)
					return Unit{}, false
				}
				return u, true
			}
			for _, j := range cols {
				u, ok := resolve(j)
				if !ok {
					continue
				}
				comp := "TOTAL"
				if j != s.totalCol {
					comp = s.values[j]
				}
				rec := ScoreRecord{ProvinceCode: string(u.Code), UnitSet: string(u.Set), ProvinceInput: cell(row, provOf(j)), Year: year, Index: "PCI",
					Component: comp, ComponentIn: labelLine(cell(header, j)), Sheet: sh.Name, Row: sh.Line[r]}
				if !p.parseValue(sh, r, j, NumberRule{Decimal: '.'}, &rec, bad, out) || !rec.HasScore {
					continue
				}
				add(rec, labelLine(cell(header, j)))
			}
			if s.rankCol >= 0 && cell(row, s.rankCol) != "" {
				if u, ok := resolve(s.rankCol); ok {
					rk, has, err := ParseInt(cell(row, s.rankCol), NumberRule{Decimal: '.'})
					if err == nil && has && rk < 1 {
						err = fmt.Errorf("thứ hạng phải >= 1 / rank must be at least 1")
					}
					if err != nil {
						bad(s.rankCol, err)
					} else if has {
						add(ScoreRecord{ProvinceCode: string(u.Code), UnitSet: string(u.Set), Year: year, Index: "PCI", Component: "TOTAL", Rank: rk, HasRank: true, Sheet: sh.Name, Row: sh.Line[r]}, s.labels[s.rankCol])
					}
				}
			}
			if s.tierCol >= 0 && cell(row, s.tierCol) != "" {
				if u, ok := resolve(s.tierCol); ok {
					tier := strings.TrimSpace(NFC(cell(row, s.tierCol)))
					// stored as the tier's Vietnamese label, whichever
					// language the workbook wrote it in
					if g, known := p.ref.GroupOf("PCI", tier); !known {
						labels := strings.Join(p.ref.GroupLabels("PCI"), ", ")
						bad(s.tierCol, fmt.Errorf("nhóm không phải một nhóm PCI (%s) / not one of PCI's tiers (%s)", labels, labels))
					} else {
						add(ScoreRecord{ProvinceCode: string(u.Code), UnitSet: string(u.Set), Year: year, Index: "PCI", Component: "TOTAL", Group: g.LabelVI, Sheet: sh.Name, Row: sh.Line[r]}, s.labels[s.tierCol])
					}
				}
			}
		}
	}
	// A rank or tier whose province has no score stays out.
	kept := out.Records[:0]
	for _, r := range out.Records {
		if r.HasScore {
			kept = append(kept, r)
		} else {
			out.Rejects = append(out.Rejects, &CellError{File: t.File, Sheet: r.Sheet, Row: r.Row, Value: r.ProvinceCode,
				Err: fmt.Errorf("có thứ hạng/nhóm nhưng không có điểm PCI / a rank or tier without a PCI score")})
		}
	}
	out.Records = kept
	if err := checkDuplicates(t.File, out); err != nil {
		return nil, err
	}
	if out.Missing > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d ô ghi KCDL, - hoặc 0 (trên thang bắt đầu trên 0) được coi là thiếu / %d cells marked KCDL, - or 0 (on a scale starting above 0) read as missing", out.Missing, out.Missing))
	}
	return out, nil
}

// pciWorkbookYear decides the year of a PCI workbook: the year in the file
// name, else the year its summary sheets' "PCI YYYY" labels agree on.
func pciWorkbookYear(t *Table, summaries map[int]*pciSummary) (int, string, error) {
	labelled := map[int][]string{}
	for i, s := range summaries {
		labelled[s.year] = append(labelled[s.year], t.Sheets[i].Name)
	}
	if y := yearIn(filepath.Base(t.File)); y != 0 {
		if names, ok := labelled[y]; ok {
			sort.Strings(names)
			return y, fmt.Sprintf("tên tệp, khớp nhãn \"PCI %d\" ở sheet %s / file name, agrees with the \"PCI %d\" label of sheet %s", y, strings.Join(names, ", "), y, strings.Join(names, ", ")), nil
		}
		if len(labelled) > 0 {
			var ys []string
			for ly := range labelled {
				ys = append(ys, strconv.Itoa(ly))
			}
			sort.Strings(ys)
			return 0, "", &CellError{File: t.File, Err: fmt.Errorf("tên tệp ghi năm %d nhưng sheet tổng hợp ghi \"PCI %s\": không nạp gì; hãy sửa tên tệp / the file name says %d but the summary sheets say \"PCI %s\": nothing loaded; correct the file name",
				y, strings.Join(ys, ", "), y, strings.Join(ys, ", "))}
		}
		return y, "tên tệp / file name", nil
	}
	switch len(labelled) {
	case 1:
		for y, names := range labelled {
			sort.Strings(names)
			return y, fmt.Sprintf("nhãn \"PCI %d\" ở sheet %s / the \"PCI %d\" label of sheet %s", y, strings.Join(names, ", "), y, strings.Join(names, ", ")), nil
		}
	case 0:
		return 0, "", &CellError{File: t.File, Err: fmt.Errorf("không biết năm của bảng PCI: tên tệp không có năm và không có sheet tổng hợp ghi \"PCI YYYY\"; hãy đặt tên tệp như PCI_2015.xlsx / cannot tell the year of this PCI workbook: no year in the file name and no summary sheet labelled \"PCI YYYY\"; name the file like PCI_2015.xlsx")}
	}
	var ys []string
	for y := range labelled {
		ys = append(ys, strconv.Itoa(y))
	}
	sort.Strings(ys)
	return 0, "", &CellError{File: t.File, Err: fmt.Errorf("các sheet tổng hợp ghi các năm khác nhau (%s) và tên tệp không có năm; hãy đặt tên tệp như PCI_2015.xlsx / the summary sheets are labelled with different years (%s) and the file name has none; name the file like PCI_2015.xlsx", strings.Join(ys, ", "), strings.Join(ys, ", "))}
}
