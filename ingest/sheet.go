package ingest

import (
	"fmt"
	"strings"

	"cchc"
)

// One way through a sheet: every reader of a table of rows (index scores,
// training classes, rosters, staffing, population, dossier statistics,
// satisfaction, dossier records) finds its header with mapHeader and
// findHeader, walks the rows under it with walkRows (walkSheets for a
// whole file), resolves the province of a row with resolveUnit and reports
// a repeated key with keyLines. The official workbooks' adapters (the PCI
// workbook, transposed PAPI sheets) read layouts of their own, but resolve
// provinces through the same resolver.

// vocabulary maps a header label to its canonical field.
type vocabulary func(label string) (Field, bool)

// dossierVocabulary is the vocabulary of the dossier inputs
// (data/reference/dossier_aliases.csv), apart from the index files'
// because "lĩnh vực" is a field of a dossier but a component of an index.
func dossierVocabulary(label string) (Field, bool) {
	f, ok := dossierField(label)
	return Field(f), ok
}

// mapHeader maps the labels of one header row onto cols: each field at
// the first column that names it. Every other non-empty label (one the
// vocabulary does not know, or a second column of a field) goes to rest,
// with its column; columns taken says are already mapped are passed over.
func mapHeader(row []string, vocab vocabulary, cols map[Field]int, taken func(j int) bool, rest func(j int, label string)) {
	for j, h := range row {
		if h == "" || taken != nil && taken(j) {
			continue
		}
		if f, ok := vocab(h); ok {
			if _, dup := cols[f]; !dup {
				cols[f] = j
				continue
			}
		}
		if rest != nil {
			rest(j, h)
		}
	}
}

// sheetHeader is the header row of a sheet and the fields its columns map to.
type sheetHeader struct {
	row     int
	cols    map[Field]int
	other   []int    // columns with a label that maps to no field, in order
	ignored []string // their labels
}

// readHeader maps one row as a header.
func readHeader(row []string, vocab vocabulary) *sheetHeader {
	h := &sheetHeader{cols: map[Field]int{}}
	mapHeader(row, vocab, h.cols, nil, func(j int, label string) {
		h.other = append(h.other, j)
		h.ignored = append(h.ignored, label)
	})
	return h
}

// headerRows is how far down a sheet a header row is looked for.
const headerRows = 30

// has reports whether the header maps every field of need, each satisfied
// by any one of its alternatives, and names what it lacks
// ("province | province_code", ...).
func (h *sheetHeader) has(need [][]Field) []string {
	var missing []string
	for _, alts := range need {
		found := false
		var names []string
		for _, f := range alts {
			if _, has := h.cols[f]; has {
				found = true
			}
			names = append(names, string(f))
		}
		if !found {
			missing = append(missing, strings.Join(names, " | "))
		}
	}
	return missing
}

// findHeader returns the first row (of the first 30) that has every field
// of need. Without one, it returns what the closest row lacks.
func findHeader(sh *Sheet, vocab vocabulary, need [][]Field) (*sheetHeader, []string) {
	var closest []string
	for i := 0; i < min(len(sh.Rows), headerRows); i++ {
		h := readHeader(sh.Rows[i], vocab)
		missing := h.has(need)
		if len(missing) == 0 {
			h.row = i
			return h, nil
		}
		if closest == nil || len(missing) < len(closest) {
			closest = missing
		}
	}
	return nil, closest
}

// headerError says that no sheet has the header a kind needs, and what the
// closest header row lacks.
func headerError(file, vi, en string, skipped, missing []string) error {
	where := ""
	var names []string
	for _, n := range skipped {
		if n != "" {
			names = append(names, cchc.BoundQuoted(n))
		}
	}
	if len(names) > 0 {
		where = " (sheet " + strings.Join(names, ", ") + ")"
	}
	return &CellError{File: file, Err: fmt.Errorf("không tìm thấy dòng tiêu đề có %s%s; thiếu cột / no header row with %s; missing columns: %s",
		vi, where, en, strings.Join(missing, ", "))}
}

// rowReader reads the cells of one data row and collects its errors.
type rowReader struct {
	file, sheet string
	sh          *Sheet
	header      []string
	cols        map[Field]int
	i           int // index into sh.Rows
	errs        []*CellError
}

// rejected returns the row's first error: a rejected row is listed once,
// with the first reason found.
func (r *rowReader) rejected() []*CellError {
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs[:1]
}

// line is the user-visible row number.
func (r *rowReader) line() int { return r.sh.Line[r.i] }

// at returns the cell in column j ("" outside the row).
func (r *rowReader) at(j int) string { return cell(r.sh.Rows[r.i], j) }

// typed reports whether the cell in column j is a number in the workbook.
func (r *rowReader) typed(j int) bool { return r.sh.IsTyped(r.i, j) }

func (r *rowReader) get(f Field) string {
	j, ok := r.cols[f]
	if !ok {
		return ""
	}
	return r.at(j)
}

// col is the column of the first of fs the header maps, or -1.
func (r *rowReader) col(fs ...Field) int {
	for _, f := range fs {
		if j, ok := r.cols[f]; ok {
			return j
		}
	}
	return -1
}

func (r *rowReader) bad(f Field, err error) { r.badAt(r.col(f), err) }

// badAt records an error at column j (-1: the row as a whole).
func (r *rowReader) badAt(j int, err error) {
	r.errs = append(r.errs, &CellError{File: r.file, Sheet: r.sheet, Row: r.line(), Column: cell(r.header, j), Value: r.at(j), Err: err})
}

// walkRows calls row for each row of sh from the row under the header
// (first) to the end, through a rowReader on the header's columns.
func walkRows(file string, sh *Sheet, header []string, cols map[Field]int, first int, row func(r *rowReader)) {
	for i := first; i < len(sh.Rows); i++ {
		row(&rowReader{file: file, sheet: sh.Name, sh: sh, header: header, cols: cols, i: i})
	}
}

// walkSheets finds the header of every sheet of t (a sheet without one is
// listed as skipped), notes the columns it ignores, and walks the rows
// under it with the row function sheet gives for it; a file with no such
// sheet is an error naming what the closest header row lacks.
func walkSheets(t *Table, b *batch, vocab vocabulary, need [][]Field, vi, en string, sheet func(sh *Sheet, h *sheetHeader) func(r *rowReader)) error {
	var missing []string
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		h, miss := findHeader(sh, vocab, need)
		if h == nil {
			b.skipped = append(b.skipped, sh.Name)
			if missing == nil || len(miss) < len(missing) {
				missing = miss
			}
			continue
		}
		b.sheets = append(b.sheets, sh.Name)
		for _, c := range h.ignored {
			b.ignored = b.uniqueIgnored.add(b.ignored, c)
		}
		walkRows(t.File, sh, sh.Rows[h.row], h.cols, h.row+1, sheet(sh, h))
	}
	if len(b.sheets) == 0 {
		return headerError(t.File, vi, en, b.skipped, missing)
	}
	return nil
}

// provinceNeed is the header field every table of provinces needs.
var provinceNeed = []Field{FProvince, FProvinceCode}

// resolveUnit resolves the province of a row in year: by its GSO code when
// the row gives one, else by its name, on the map in force that year.
// byCode says which it used.
func (p *Parser) resolveUnit(name, code string, year int) (u Unit, byCode bool, err error) {
	if code != "" {
		u, err = p.provinces.ResolveCode(code, year)
		return u, true, err
	}
	u, err = p.provinces.Resolve(name, year)
	return u, false, err
}

// unit resolves the province of the row in year (resolveUnit), records an
// error at the cell it read, and returns the field read and its text.
func (p *Parser) unit(r *rowReader, year int) (u Unit, f Field, input string, ok bool) {
	u, byCode, err := p.resolveUnit(r.get(FProvince), r.get(FProvinceCode), year)
	f = FProvince
	if byCode {
		f = FProvinceCode
	}
	if err != nil {
		r.bad(f, err)
		return u, f, r.get(f), false
	}
	return u, f, r.get(f), true
}

// keyLines is the duplicate-key report of one file: the row each key was
// first stated at. Every reader refuses a row that states a key again.
type keyLines map[string]int

// repeat reports a key stated before in the file: the error names what the
// key is (vi / en) and the row that stated it first. A new key is noted.
func (k keyLines) repeat(key string, line int, vi, en string) error {
	if prev, dup := k[key]; dup {
		return duplicateError(prev, vi, en)
	}
	k[key] = line
	return nil
}

// duplicateError is the one message of a key stated twice in a file.
func duplicateError(prev int, vi, en string) error {
	return fmt.Errorf("trùng %s với dòng %d / duplicates the %s of row %d", vi, prev, en, prev)
}
