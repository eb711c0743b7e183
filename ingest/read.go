package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Sheet is one table read from a file: a CSV file is one sheet named "";
// an XLSX file gives one sheet per worksheet. Cells are NFC-normalised.
// Row numbers are 1-based as the user sees them (the CSV line or the Excel
// row).
type Sheet struct {
	Name string
	Rows [][]string
	Line []int // Line[i] is the user-visible row number of Rows[i]
	// Typed[i][j] is true where an XLSX cell holds a number (its text is
	// then Go's own "72.38" form, whatever the column's other cells say).
	Typed [][]bool
	// Broken are the lines of a CSV that could not be split into a record
	// (an unterminated quote, more fields than the header), each naming its
	// line; they are not in Rows.
	Broken []*CellError
	// Continued counts the lines that continue a quoted multi-line cell of
	// the record above them.
	Continued int
}

// IsTyped reports whether the cell at row i, column j is a typed number.
func (s *Sheet) IsTyped(i, j int) bool {
	return i < len(s.Typed) && j < len(s.Typed[i]) && s.Typed[i][j]
}

// Table is every sheet of one input file.
type Table struct {
	File   string
	Sheets []Sheet
}

// ReadTable reads a CSV/TSV/TXT, XLSX or legacy XLS file into sheets.
func ReadTable(path string) (*Table, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".xlsx", ".xlsm":
		return readXLSX(path)
	case ".xls":
		return readXLS(path)
	default:
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			return readXLSX(path)
		}
		if isOLE(b) {
			return readXLS(path)
		}
		d, err := readDelimited(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, e := range d.broken {
			e.File = path
		}
		return &Table{File: path, Sheets: []Sheet{{Rows: d.rows, Line: d.lines, Broken: d.broken, Continued: d.continued}}}, nil
	}
}

// DecodeText turns file bytes into UTF-8: a UTF-8 BOM is dropped, UTF-16
// (with a BOM, or recognised by its NUL bytes) is decoded, and bytes that
// are not UTF-8 are read as Windows-1258 (Vietnamese ANSI).
func DecodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeWith(b, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))
	case len(b) >= 4 && b[1] == 0 && b[3] == 0 && b[0] != 0:
		return decodeWith(b, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM))
	case len(b) >= 4 && b[0] == 0 && b[2] == 0 && b[1] != 0:
		return decodeWith(b, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM))
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	return decodeWith(b, charmap.Windows1258)
}

func decodeWith(b []byte, enc encoding.Encoding) (string, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return "", fmt.Errorf("giải mã văn bản / decode text: %w", err)
	}
	return strings.TrimPrefix(string(out), "\ufeff"), nil
}

// ReadDelimited decodes b and splits it into rows, sniffing the delimiter
// (comma, semicolon or tab) from the first lines. It returns the rows, the
// line on which each starts, and the lines that are not records (see
// splitDelimited), each naming its line and cause.
func ReadDelimited(b []byte) (rows [][]string, lines []int, broken []*CellError, err error) {
	d, err := readDelimited(b)
	if err != nil {
		return nil, nil, nil, err
	}
	return d.rows, d.lines, d.broken, nil
}

func readDelimited(b []byte) (*delimited, error) {
	text, err := DecodeText(b)
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return splitDelimited(text, SniffDelimiter(text)), nil
}

// SniffDelimiter picks the delimiter that splits the first lines into the
// most columns consistently: tab, semicolon or comma.
func SniffDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", 11)
	if len(lines) > 10 {
		lines = lines[:10]
	}
	best, bestScore := ',', -1
	for _, d := range []rune{'\t', ';', ','} {
		counts := map[int]int{}
		n := 0
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			c := countOutsideQuotes(l, d)
			counts[c]++
			n++
		}
		// score: the most common non-zero count, weighted by how many lines share it
		score := 0
		for c, k := range counts {
			if c > 0 && k*100+c > score {
				score = k*100 + c
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func countOutsideQuotes(line string, d rune) int {
	n, inQ := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			inQ = !inQ
		case r == d && !inQ:
			n++
		}
	}
	return n
}

func allEmpty(rec []string) bool {
	for _, c := range rec {
		if c != "" {
			return false
		}
	}
	return true
}

func readXLSX(path string) (*Table, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: mở tệp Excel / open workbook: %w", path, err)
	}
	defer f.Close()
	t := &Table{File: path}
	// a workbook excelize opens but whose parts are laid out otherwise
	// (strict OOXML) is read as excelize reads it
	uncached, _ := uncachedFormulas(path)
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: false})
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", path, name, err)
		}
		raw, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", path, name, err)
		}
		sh := Sheet{Name: NFC(name)}
		// a row with a formula whose value was never computed is a broken
		// line, named at its first such cell, not a row with an empty cell
		brokenRow := map[int]bool{}
		for _, c := range uncached[sh.Name] {
			if brokenRow[c.row] {
				continue
			}
			brokenRow[c.row] = true
			sh.Broken = append(sh.Broken, &CellError{File: path, Sheet: sh.Name, Row: c.row, Column: "ô/cell " + c.column + strconv.Itoa(c.row), Value: "=" + c.formula, Err: ErrNoCachedValue})
		}
		for i, rec := range rows {
			if brokenRow[i+1] {
				continue
			}
			typed := make([]bool, len(rec))
			for j := range rec {
				// Numeric cells: use the stored value, not the displayed
				// (rounded, locale-formatted) text.
				if i < len(raw) && j < len(raw[i]) && isPlainNumber(raw[i][j]) && isNumericCell(f, name, i, j, raw[i][j]) {
					rec[j] = raw[i][j]
					typed[j] = true
				}
				rec[j] = NFC(rec[j])
			}
			if allEmpty(rec) {
				continue
			}
			sh.Rows = append(sh.Rows, rec)
			sh.Line = append(sh.Line, i+1)
			sh.Typed = append(sh.Typed, typed)
		}
		t.Sheets = append(t.Sheets, sh)
	}
	return t, nil
}

func isPlainNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == 'E' || c == 'e' || c == '+') {
			return false
		}
	}
	return true
}

// isNumericCell tells a typed number from text that looks like one ("1.234"
// typed as text means 1234 in Vietnamese). Only cells with a separator need
// the (slower) type lookup.
func isNumericCell(f *excelize.File, sheet string, i, j int, v string) bool {
	if !strings.ContainsAny(v, ".,eE") {
		return true
	}
	axis, err := excelize.CoordinatesToCellName(j+1, i+1)
	if err != nil {
		return false
	}
	ct, err := f.GetCellType(sheet, axis)
	if err != nil {
		return false
	}
	return ct == excelize.CellTypeNumber || ct == excelize.CellTypeUnset || ct == excelize.CellTypeFormula
}
