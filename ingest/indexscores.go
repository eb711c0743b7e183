package ingest

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ScoreRecord is one parsed index score: province x year x index x component.
type ScoreRecord struct {
	ProvinceCode  string
	UnitSet       string
	ProvinceInput string
	Year          int
	Index         string
	Component     string
	ComponentIn   string
	Score         float64
	HasScore      bool
	ScoreInput    string
	Rank          int64
	HasRank       bool
	Group         string // official tier or group, where the source publishes one
	Sheet         string
	Row           int
	// 95% confidence bounds and standard error, where the source publishes them (PAPI 2018+)
	CILower, CIUpper, StdError *float64
}

// scoreLayout is what the header row of a sheet says.
type scoreLayout struct {
	headerRow int // index into Sheet.Rows
	dataRow   int // first data row (after one or two header rows)
	year      int // the year from the sheet or file name, when there is no year column
	cols      map[Field]int
	wide      map[int]string // column -> header label, for wide files
	ignored   []string
}

// ParsedScores is the outcome of parsing one file of index scores.
type ParsedScores struct {
	Records []ScoreRecord
	Rejects []*CellError
	Ignored []string // header labels of columns not loaded
	Mapped  []string // "sheet: label -> INDEX/component" for every column loaded
	Notes   []string
	Missing int // cells marked missing (KCDL, -, or 0 on a scale that starts above 0)
	Blank   int // rows of a long file whose score cell is blank
	// ranks a rank_type column marks as not official (derived_from_score)
	DerivedRanks int
	years        []string // where each sheet's year came from, when no column gives it
	Sheets       []string // sheets read
	Skipped      []string // sheets without an index-score header

	ignored, notes uniqueList
}

// ParseScores reads the index scores in t. index names the index of a wide
// file (or overrides none: a long file names its own); decimal forces the
// decimal separator of undecided columns.
func (p *Parser) ParseScores(t *Table, index string, decimal byte) (*ParsedScores, error) {
	out := &ParsedScores{}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		if index != "" {
			if tl := p.findTransposed(sh, t.File); tl != nil {
				out.Sheets = append(out.Sheets, sh.Name)
				out.years = append(out.years, yearSource(sh.Name, tl.year))
				p.parseTransposedSheet(t.File, sh, tl, index, out)
				continue
			}
		}
		lay, err := p.findScoreHeader(sh, index, t.File)
		if err != nil {
			// a sheet named for a year of a known index is that year's scores:
			// one that cannot be read is an error saying why, never a silent skip
			if len(t.Sheets) > 1 && !(index != "" && yearIn(sh.Name) != 0 && len(sh.Rows) > 0) {
				out.Skipped = append(out.Skipped, sh.Name)
				continue
			}
			return nil, &CellError{File: t.File, Sheet: sh.Name, Err: err}
		}
		out.Sheets = append(out.Sheets, sh.Name)
		if lay.year != 0 {
			out.years = append(out.years, yearSource(sh.Name, lay.year))
		}
		out.Mapped = append(out.Mapped, lay.describe(sh, index, p.headers)...)
		for _, label := range lay.wide {
			if note := p.headers.NumberedNote(index, label, lay.year); note != "" {
				out.Notes = appendUnique(out.Notes, sh.Name+": "+note)
			}
		}
		for _, c := range lay.ignored {
			out.Ignored = out.ignored.add(out.Ignored, c)
		}
		if err := p.parseScoreSheet(t.File, sh, lay, index, decimal, out); err != nil {
			return nil, err
		}
	}
	if len(out.Sheets) == 0 {
		return nil, &CellError{File: t.File, Err: fmt.Errorf("không tìm thấy dòng tiêu đề có tỉnh, năm và điểm trong sheet nào (%s) / no sheet has a header row with province, year and score columns", strings.Join(out.Skipped, ", "))}
	}
	if err := checkDuplicates(t.File, out); err != nil {
		return nil, err
	}
	if len(out.years) > 0 {
		out.Notes = append([]string{"năm / year: " + strings.Join(out.years, "; ")}, out.Notes...)
	}
	if out.DerivedRanks > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d thứ hạng không phải hạng công bố (rank_type) không được nạp làm hạng chính thức / %d ranks marked as not official (rank_type) were not loaded as official ranks", out.DerivedRanks, out.DerivedRanks))
	}
	if out.Missing > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d ô ghi KCDL, - hoặc 0 (trên thang bắt đầu trên 0) được coi là thiếu / %d cells marked KCDL, - or 0 (on a scale starting above 0) read as missing", out.Missing, out.Missing))
	}
	if out.Blank > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d dòng có ô điểm trống, không nạp / %d rows with a blank score cell, not loaded", out.Blank, out.Blank))
	}
	return out, nil
}

// yearIn returns the one year (1990-2100) written in a name, or 0 when
// there is none or more than one ("PAPI_2011-2016").
func yearIn(name string) int {
	found := 0
	for i := 0; i+4 <= len(name); i++ {
		if i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
			continue
		}
		if i+4 < len(name) && name[i+4] >= '0' && name[i+4] <= '9' {
			continue
		}
		y, err := strconv.Atoi(name[i : i+4])
		if err != nil || y < 1990 || y > 2100 {
			continue
		}
		if found != 0 && found != y {
			return 0
		}
		found = y
	}
	return found
}

// summaryLabels are rows of official sheets that are not provinces.
var summaryLabels = map[string]bool{"highest": true, "lowest": true, "diem cao nhat": true, "diem thap nhat": true,
	"cao nhat": true, "thap nhat": true, "average": true, "mean": true, "trung binh": true, "max": true, "min": true,
	"total": true, "tong": true, "tong cong": true, "ca nuoc": true, "toan quoc": true, "national": true, "median": true, "trung vi": true}

func isSummaryRow(name, code string) bool {
	return summaryLabels[Fold(name)] || strings.TrimSpace(code) == "999"
}

func (p *Parser) findScoreHeader(sh *Sheet, index, file string) (*scoreLayout, error) {
	limit := min(len(sh.Rows), 30)
	nameYear := yearIn(sh.Name)
	if nameYear == 0 {
		nameYear = yearIn(filepath.Base(file))
	}
	need := [][]Field{provinceNeed}
	if nameYear == 0 {
		need = append(need, []Field{FYear})
	}
	h, _ := findHeader(sh, p.headers.Field, need)
	if h == nil {
		return nil, fmt.Errorf("không tìm thấy dòng tiêu đề có cột tỉnh và năm trong %d dòng đầu / no header row with province and year columns in the first %d rows", limit, limit)
	}
	i := h.row
	lay := &scoreLayout{headerRow: i, dataRow: i + 1, cols: h.cols, wide: map[int]string{}}
	_, hasYear := lay.cols[FYear]
	_, hasScore := lay.cols[FScore]
	if !hasYear {
		lay.year = nameYear
	}
	for _, j := range h.other {
		p.wideColumn(index, lay, j, cell(sh.Rows[i], j))
	}
	// A second header row (official sheets give English then Vietnamese
	// labels) names the columns the first row did not.
	if i+1 < len(sh.Rows) && p.isHeaderRow(sh.Rows[i+1]) {
		mapHeader(sh.Rows[i+1], p.headers.Field, lay.cols, lay.mapped, func(j int, label string) { p.wideColumn(index, lay, j, label) })
		lay.dataRow = i + 2
	}
	var unknown []string
	for j := 0; j < max(len(sh.Rows[i]), len(sh.Rows[lay.dataRow-1])); j++ {
		if lay.mapped(j) {
			continue
		}
		if h := cell(sh.Rows[i], j); h != "" {
			unknown = append(unknown, h)
		} else if h := cell(sh.Rows[lay.dataRow-1], j); h != "" {
			unknown = append(unknown, h)
		}
	}
	if hasScore {
		lay.wide = map[int]string{} // long format: component labels are values
	} else if len(lay.wide) == 0 {
		if index == "" {
			return nil, fmt.Errorf("tệp dạng rộng (mỗi thành phần một cột) cần --index / a wide file (one column per component) needs --index to name its index")
		}
		return nil, fmt.Errorf("không có cột điểm hay cột thành phần nào của %s (cột: %s) / no score column and no %s component column (columns: %s)", index, strings.Join(unknown, ", "), index, strings.Join(unknown, ", "))
	}
	lay.ignored = unknown
	return lay, nil
}

// wideColumn takes column j, labelled label, as a component column of a
// wide file of index when the label names one of its components.
func (p *Parser) wideColumn(index string, lay *scoreLayout, j int, label string) {
	if index != "" && p.headers.IsComponent(index, label) {
		lay.wide[j] = label
	}
}

// isHeaderRow reports whether a row looks like labels: some cell names a
// field and no cell is a number.
func (p *Parser) isHeaderRow(row []string) bool {
	named := false
	for _, c := range row {
		if c == "" {
			continue
		}
		if _, err := strconv.ParseFloat(strings.ReplaceAll(c, ",", "."), 64); err == nil {
			return false
		}
		if _, ok := p.headers.Field(c); ok {
			named = true
		}
	}
	return named
}

// describe lists, for --dry-run, what each mapped column of a sheet holds.
func (l *scoreLayout) describe(sh *Sheet, index string, h *HeaderMapper) []string {
	var out []string
	label := func(j int) string {
		if h := labelLine(cell(sh.Rows[l.headerRow], j)); h != "" {
			return h
		}
		return labelLine(cell(sh.Rows[l.dataRow-1], j))
	}
	fields := make([]string, 0, len(l.cols))
	for f := range l.cols {
		fields = append(fields, string(f))
	}
	sort.Strings(fields)
	for _, f := range fields {
		out = append(out, fmt.Sprintf("%s: %q -> %s", sh.Name, label(l.cols[Field(f)]), f))
	}
	cols := make([]int, 0, len(l.wide))
	for j := range l.wide {
		cols = append(cols, j)
	}
	sort.Ints(cols)
	for _, j := range cols {
		comp := "component"
		if l.year != 0 {
			if c, err := h.Component(index, l.wide[j], l.year); err == nil {
				comp = c
			}
		}
		out = append(out, fmt.Sprintf("%s: %q -> %s/%s", sh.Name, label(j), index, comp))
	}
	return out
}

func (l *scoreLayout) mapped(j int) bool {
	if _, ok := l.wide[j]; ok {
		return true
	}
	for _, c := range l.cols {
		if c == j {
			return true
		}
	}
	return false
}

func cell(row []string, j int) string {
	if j < 0 || j >= len(row) {
		return ""
	}
	return row[j]
}

// columnRule infers the number rule of column j below the header.
func columnRule(sh *Sheet, lay *scoreLayout, j int) NumberRule {
	var cells []string
	for i := lay.dataRow; i < len(sh.Rows); i++ {
		if sh.IsTyped(i, j) || isMissingMark(cell(sh.Rows[i], j)) {
			continue
		}
		cells = append(cells, cell(sh.Rows[i], j))
	}
	return MajorityRule(cells)
}

func (p *Parser) parseScoreSheet(file string, sh *Sheet, lay *scoreLayout, index string, decimal byte, out *ParsedScores) error {
	header := sh.Rows[lay.headerRow]
	// Number rules per value column, falling back to the sheet's rule.
	valueCols := []int{}
	if j, ok := lay.cols[FScore]; ok {
		valueCols = append(valueCols, j)
	}
	for j := range lay.wide {
		valueCols = append(valueCols, j)
	}
	if j, ok := lay.cols[FRank]; ok {
		valueCols = append(valueCols, j)
	}
	sort.Ints(valueCols)
	rules := map[int]NumberRule{}
	var sheetRule NumberRule
	for _, j := range valueCols {
		r := columnRule(sh, lay, j)
		rules[j] = r
		if r.Decimal != 0 && sheetRule.Decimal == 0 {
			sheetRule = r
		}
	}
	for _, j := range valueCols {
		if rules[j].Decimal == 0 {
			if decimal != 0 {
				rules[j] = NumberRule{Decimal: decimal}
			} else {
				rules[j] = sheetRule
			}
		}
	}
	wideCols := make([]int, 0, len(lay.wide))
	for j := range lay.wide {
		wideCols = append(wideCols, j)
	}
	sort.Ints(wideCols)

	walkRows(file, sh, header, lay.cols, lay.dataRow, func(r *rowReader) {
		defer func() { out.Rejects = append(out.Rejects, r.rejected()...) }()
		i, row, bad := r.i, sh.Rows[r.i], r.badAt
		pn, pc := r.get(FProvince), r.get(FProvinceCode)
		if isSummaryRow(pn, pc) {
			out.Notes = out.notes.add(out.Notes, fmt.Sprintf("bỏ qua dòng tổng hợp / skipped summary row %q", strings.TrimSpace(pn+" "+pc)))
			return
		}
		year := int64(lay.year)
		var err error
		if yj, ok := lay.cols[FYear]; ok {
			if year, err = parseYear(cell(row, yj)); err != nil {
				bad(yj, err)
				return
			}
		}
		unit, _, _, ok := p.unit(r, int(year))
		if !ok {
			return
		}
		if unit.Note != "" {
			out.Notes = out.notes.add(out.Notes, unit.Note)
		}
		provIn := pn
		if provIn == "" {
			provIn = pc
		}
		// index
		ix := index
		if j, ok := lay.cols[FIndex]; ok && cell(row, j) != "" {
			id, ok := p.headers.Index(cell(row, j))
			if !ok {
				bad(j, fmt.Errorf("không nhận ra chỉ số (PAR, PAPI, PCI, SIPAS) / unknown index (PAR, PAPI, PCI, SIPAS)"))
				return
			}
			if index != "" && id != index {
				bad(j, fmt.Errorf("tệp có chỉ số %s nhưng --index là %s / the file says %s but --index is %s", id, index, id, index))
				return
			}
			ix = id
		}
		if ix == "" {
			bad(-1, fmt.Errorf("thiếu cột chỉ số, hãy dùng --index / no index column: use --index"))
			return
		}
		base := ScoreRecord{ProvinceCode: string(unit.Code), UnitSet: string(unit.Set), ProvinceInput: provIn, Year: int(year), Index: ix, Sheet: sh.Name, Row: r.line()}
		if len(lay.wide) == 0 {
			rec := base
			cj, hasComp := lay.cols[FComponent]
			label := ""
			if hasComp {
				label = cell(row, cj)
			}
			rec.ComponentIn = label
			rec.Component, err = p.headers.Component(ix, label, int(year))
			if err != nil {
				bad(cj, err)
				return
			}
			sj := lay.cols[FScore]
			if !p.parseValue(sh, i, sj, rules[sj], &rec, bad, out) {
				return
			}
			if j, ok := lay.cols[FRank]; ok {
				rank, ok, err := ParseInt(cell(row, j), rules[j])
				if err == nil && ok && rank < 1 {
					err = fmt.Errorf("thứ hạng phải >= 1 / rank must be at least 1")
				}
				if err != nil {
					bad(j, err)
					return
				}
				rec.Rank, rec.HasRank = rank, ok
				if tj, ok := lay.cols[FRankType]; ok && rec.HasRank && !isOfficialRankType(cell(row, tj)) {
					rec.Rank, rec.HasRank = 0, false // a rank computed by someone, not published
					out.DerivedRanks++
				}
			}
			if rec.HasScore {
				out.Records = append(out.Records, rec)
			} else if strings.TrimSpace(cell(row, sj)) == "" {
				out.Blank++
			}
			return
		}
		rowOK := true
		var recs []ScoreRecord
		for _, j := range wideCols {
			if cell(row, j) == "" {
				continue
			}
			rec := base
			rec.ComponentIn = lay.wide[j]
			rec.Component, err = p.headers.Component(ix, lay.wide[j], int(year))
			if err != nil {
				bad(j, err)
				rowOK = false
				break
			}
			if !p.parseValue(sh, i, j, rules[j], &rec, bad, out) {
				rowOK = false
				break
			}
			if rec.HasScore {
				recs = append(recs, rec)
			}
		}
		if rowOK {
			out.Records = append(out.Records, recs...)
		}
	})
	return nil
}

// missingMarks are what official sheets write for "no data".
var missingMarks = map[string]bool{"kcdl": true, "na": true, "n a": true, "": true, "khong co du lieu": true, "kcsl": true}

// isMissingMark reports whether a cell says "no data" (blank, KCDL, N/A, -, *).
func isMissingMark(v string) bool {
	v = strings.TrimSpace(v)
	return missingMarks[Fold(v)] || v == "-" || v == "*" || v == "—" || v == "–"
}

func (p *Parser) parseValue(sh *Sheet, i, j int, rule NumberRule, rec *ScoreRecord, bad func(int, error), out *ParsedScores) bool {
	v := cell(sh.Rows[i], j)
	rec.ScoreInput = v
	if isMissingMark(v) {
		if strings.TrimSpace(v) != "" {
			out.Missing++
		}
		return true // missing, not zero
	}
	if sh.IsTyped(i, j) {
		rule = NumberRule{Decimal: '.'}
	}
	f, ok, err := ParseNumber(v, rule)
	if err != nil {
		bad(j, err)
		return false
	}
	if ok && f == 0 && p.headers.ScaleStartsAboveZero(rec.Index, rec.Component, rec.Year) {
		out.Missing++ // official sheets write 0 for "no data" on a 1-10 scale
		return true
	}
	if ok {
		if err := p.headers.checkScale(rec.Index, rec.Component, rec.Year, f); err != nil {
			bad(j, err)
			return false
		}
	}
	rec.Score, rec.HasScore = f, ok
	return true
}

func colOr(cols map[Field]int, f Field) int {
	if j, ok := cols[f]; ok {
		return j
	}
	return -1
}

// checkDuplicates refuses a file that states a score twice (province x
// year x index x component): which of the two is right cannot be told.
func checkDuplicates(file string, out *ParsedScores) error {
	seen := keyLines{}
	for _, r := range out.Records {
		key := strings.Join([]string{r.UnitSet, r.ProvinceCode, r.Index, r.Component, strconv.Itoa(r.Year)}, "|")
		what := fmt.Sprintf("%s %d %s %s", r.Index, r.Year, r.Component, r.ProvinceCode)
		if err := seen.repeat(key, r.Row, "tỉnh, năm, chỉ số và thành phần ("+what+")", "province, year, index and component ("+what+")"); err != nil {
			return &CellError{File: file, Sheet: r.Sheet, Row: r.Row, Column: "province", Value: r.ProvinceInput, Err: err}
		}
	}
	return nil
}

// FormatScore writes a score as canonical text for the raw table.
//
// A negative zero ("-0" in a file) is stored as 0: it is the same score,
// and "-0" reads as a sign error wherever it is shown.
func FormatScore(v float64) string {
	if v == 0 {
		v = 0 // +0, whatever the sign of the zero
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// parseYear reads a year cell: an integer from 1990 to 2100.
func parseYear(v string) (int64, error) {
	year, ok, err := ParseInt(v, NumberRule{Decimal: '.'})
	if err == nil && (!ok || year < 1990 || year > 2100) {
		err = fmt.Errorf("năm không hợp lệ / invalid year")
	}
	return year, err
}

// isOfficialRankType reports whether a rank_type cell leaves the rank
// official: empty, "official", "chính thức", "công bố".
func isOfficialRankType(v string) bool {
	switch f := Fold(v); {
	case f == "", strings.Contains(f, "official"), strings.Contains(f, "chinh thuc"), strings.Contains(f, "cong bo"):
		return true
	}
	return false
}

// yearSource says where the year of a sheet without a year column came
// from: "2011_PAPI: 2011 (tên sheet / sheet name)".
func yearSource(sheet string, year int) string {
	if yearIn(sheet) == year {
		return fmt.Sprintf("%s: %d (tên sheet / sheet name)", sheet, year)
	}
	return fmt.Sprintf("%s: %d (tên tệp / file name)", sheet, year)
}
