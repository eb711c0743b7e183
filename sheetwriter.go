package cchc

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// This file is the one writer of every CSV and XLSX file cchc produces
// (command tables, FILE.rejects.csv, exports). Text that came from outside
// can start with "=", "+", "-", "@", a tab or a carriage return, which a
// spreadsheet takes for a formula (=HYPERLINK(...), =cmd|' /C calc'!A0);
// such a cell is written with a leading apostrophe, as OWASP advises for CSV
// injection, so that Excel and LibreOffice show it as text. A cell that is a
// number ("-3.5", "-1.234,56", "-12%") is left as it is.

// formulaStart holds the first characters that make a spreadsheet read a
// cell as a formula (or that some spreadsheets skip before one).
const formulaStart = "=+-@\t\r"

// numberCell matches what cchc prints as a number: a sign, digits with "."
// or "," as separators, an optional exponent and an optional percent sign.
var numberCell = regexp.MustCompile(`^[+-]?[0-9]+([.,][0-9]+)*([eE][+-]?[0-9]+)?%?$`)

// SafeCell returns s as a spreadsheet should receive it: with a leading
// apostrophe when it would otherwise be taken for a formula, unchanged
// otherwise (numbers included).
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune(formulaStart, rune(s[0])) || numberCell.MatchString(s) {
		return s
	}
	return "'" + s
}

// CSVWriter writes records as CSV with every cell through SafeCell.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{csv.NewWriter(w)} }

// Write writes one record.
func (w *CSVWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = SafeCell(c)
	}
	return w.w.Write(safe)
}

// Flush writes any buffered data and returns the first error met.
func (w *CSVWriter) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// WriteCSV writes a header and rows as CSV through SafeCell.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	cw := NewCSVWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// XLSXWriter writes a workbook of one sheet per table, streaming rows.
// Text cells go through SafeCell; numbers are written as numbers.
type XLSXWriter struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	row   int
	first bool
}

// NewXLSXWriter returns an empty workbook.
func NewXLSXWriter() *XLSXWriter { return &XLSXWriter{f: excelize.NewFile(), first: true} }

// maxSheetName is Excel's limit on a sheet name.
const maxSheetName = 31

// AddSheet starts a sheet named name (cut to Excel's 31 characters) with a
// bold header row; the previous sheet is finished.
func (x *XLSXWriter) AddSheet(name string, header []string) error {
	if err := x.flushSheet(); err != nil {
		return err
	}
	if r := []rune(name); len(r) > maxSheetName {
		name = string(r[:maxSheetName])
	}
	if x.first {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
		x.first = false
	} else if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.row = sw, 1
	bold, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: SafeCell(h)}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.writeRow(cells)
}

// Write appends one row to the current sheet. Strings go through SafeCell;
// numbers, booleans and nil (an empty cell) are written as they are; any
// other value is written as its text.
func (x *XLSXWriter) Write(values []any) error {
	if x.sw == nil {
		return fmt.Errorf("xlsx: no sheet started")
	}
	cells := make([]any, len(values))
	for i, v := range values {
		switch t := v.(type) {
		case nil:
			cells[i] = nil
		case string:
			cells[i] = SafeCell(t)
		case []byte:
			cells[i] = SafeCell(string(t))
		case float64:
			if math.IsNaN(t) || math.IsInf(t, 0) {
				cells[i] = fmt.Sprint(t)
			} else {
				cells[i] = t
			}
		case float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool:
			cells[i] = t
		default:
			cells[i] = SafeCell(fmt.Sprint(t))
		}
	}
	return x.writeRow(cells)
}

func (x *XLSXWriter) writeRow(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	x.row++
	return x.sw.SetRow(cell, cells)
}

func (x *XLSXWriter) flushSheet() error {
	if x.sw == nil {
		return nil
	}
	err := x.sw.Flush()
	x.sw = nil
	return err
}

// WriteTo finishes the workbook and writes it to w.
func (x *XLSXWriter) WriteTo(w io.Writer) (int64, error) {
	if err := x.flushSheet(); err != nil {
		return 0, err
	}
	defer x.f.Close()
	return x.f.WriteTo(w)
}
