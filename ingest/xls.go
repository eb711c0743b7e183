package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf16"

	"github.com/shakinm/xlsReader/cfb"
	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/structure"
)

// oleMagic starts every OLE2 compound file, the container of .xls (BIFF8).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// readXLS reads a legacy Excel 97-2003 (BIFF8) workbook in Go, the format
// PCI 2005-2011 were published in. The reader library skips formula cells,
// so their cached results are read from the workbook stream here.
func readXLS(path string) (t *Table, err error) {
	defer func() {
		if r := recover(); r != nil { // the reader library panics on some damaged files
			t, err = nil, fmt.Errorf("%s: tệp .xls hỏng hoặc không đọc được / damaged or unreadable .xls: %v", path, r)
		}
	}()
	wb, err := xls.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: mở tệp .xls / open .xls workbook: %w", path, err)
	}
	if wb.GetNumberSheets() == 0 {
		return nil, fmt.Errorf("%s: không đọc được sheet nào; tệp không phải Excel 97-2003 (BIFF8) hợp lệ, hãy lưu thành .xlsx / no sheet could be read: not a valid Excel 97-2003 (BIFF8) workbook, save it as .xlsx", path)
	}
	formulas, err := xlsFormulaValues(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t = &Table{File: path}
	for si := 0; si < wb.GetNumberSheets(); si++ {
		ws, err := wb.GetSheet(si)
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %d: %w", path, si+1, err)
		}
		sh := Sheet{Name: NFC(ws.GetName())}
		var fv map[[2]int]xlsValue
		if si < len(formulas) {
			fv = formulas[si]
		}
		nrows := ws.GetNumberRows()
		for rc := range fv {
			nrows = max(nrows, rc[0]+1)
		}
		for i := 0; i < nrows; i++ {
			var cells []structure.CellData
			if r, err := ws.GetRow(i); err == nil {
				cells = r.GetCols()
			}
			width := len(cells)
			for rc := range fv {
				if rc[0] == i {
					width = max(width, rc[1]+1)
				}
			}
			rec := make([]string, width)
			typed := make([]bool, width)
			for j := range width {
				if v, ok := fv[[2]int{i, j}]; ok {
					rec[j], typed[j] = v.text, v.number
					continue
				}
				if j >= len(cells) {
					continue
				}
				c := cells[j]
				switch c.GetType() {
				case "*record.Number", "*record.Rk":
					rec[j], typed[j] = strconv.FormatFloat(c.GetFloat64(), 'g', -1, 64), true
				case "*record.FakeBlank", "*record.Blank":
				default:
					rec[j] = c.GetString()
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

// xlsValue is the cached result of a formula cell.
type xlsValue struct {
	text   string
	number bool
}

// xlsFormulaValues returns, per worksheet in workbook order, the cached
// results of its formula cells keyed by (row, column).
func xlsFormulaValues(path string) ([]map[[2]int]xlsValue, error) {
	c, err := cfb.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("mở tệp .xls / open .xls: %w", err)
	}
	defer c.CloseFile()
	var book, root *cfb.Directory
	for _, d := range c.GetDirs() {
		switch d.Name() {
		case "Workbook", "Book":
			if book == nil {
				book = d
			}
		case "Root Entry":
			root = d
		}
	}
	if book == nil {
		return nil, fmt.Errorf("không có luồng Workbook / no Workbook stream")
	}
	r, err := c.OpenObject(book, root)
	if err != nil {
		return nil, err
	}
	stream, err := io.ReadAll(io.LimitReader(r, int64(book.GetStreamSize())))
	if err != nil {
		return nil, err
	}
	return formulaValuesFromStream(stream), nil
}

// BIFF8 record types used below.
const (
	biffBoundSheet = 0x0085
	biffBOF        = 0x0809
	biffEOF        = 0x000A
	biffFormula    = 0x0006
	biffString     = 0x0207
)

// formulaValuesFromStream walks a BIFF8 workbook stream: the BOUNDSHEET
// records of the globals give each worksheet's offset; in each worksheet a
// FORMULA record holds its cached number, or is followed by a STRING record
// holding its cached text.
func formulaValuesFromStream(stream []byte) []map[[2]int]xlsValue {
	var offsets []int
	for pos := 0; pos+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[pos:])
		n := int(binary.LittleEndian.Uint16(stream[pos+2:]))
		if typ == biffBoundSheet && n >= 6 {
			offsets = append(offsets, int(binary.LittleEndian.Uint32(stream[pos+4:])))
		}
		if typ == biffEOF {
			break
		}
		pos += 4 + n
	}
	out := make([]map[[2]int]xlsValue, len(offsets))
	for si, off := range offsets {
		vals := map[[2]int]xlsValue{}
		out[si] = vals
		pending := [2]int{-1, -1}
		for pos := off; pos+4 <= len(stream); {
			typ := binary.LittleEndian.Uint16(stream[pos:])
			n := int(binary.LittleEndian.Uint16(stream[pos+2:]))
			body := stream[pos+4 : min(len(stream), pos+4+n)]
			pos += 4 + n
			switch typ {
			case biffEOF:
				pos = len(stream)
			case biffFormula:
				if len(body) < 14 {
					continue
				}
				rc := [2]int{int(binary.LittleEndian.Uint16(body[0:])), int(binary.LittleEndian.Uint16(body[2:]))}
				num := body[6:14]
				if num[6] == 0xFF && num[7] == 0xFF {
					switch num[0] {
					case 0: // text: the next STRING record
						pending = rc
					case 1: // boolean
						vals[rc] = xlsValue{text: map[bool]string{true: "TRUE", false: "FALSE"}[num[2] != 0]}
					default: // error (#N/A, #DIV/0!): no value
					}
					continue
				}
				f := math.Float64frombits(binary.LittleEndian.Uint64(num))
				vals[rc] = xlsValue{text: strconv.FormatFloat(f, 'g', -1, 64), number: true}
			case biffString:
				if pending[0] >= 0 {
					vals[pending] = xlsValue{text: NFC(biffUnicodeString(body))}
					pending = [2]int{-1, -1}
				}
			}
		}
	}
	return out
}

// biffUnicodeString decodes an XLUnicodeString: a 16-bit count, a flags
// byte (bit 0: two bytes per character) and the characters.
func biffUnicodeString(b []byte) string {
	if len(b) < 3 {
		return ""
	}
	n := int(binary.LittleEndian.Uint16(b))
	high := b[2]&1 == 1
	b = b[3:]
	if !high {
		n = min(n, len(b))
		r := make([]rune, n)
		for i := range n {
			r[i] = rune(b[i]) // Latin-1
		}
		return string(r)
	}
	n = min(n, len(b)/2)
	u := make([]uint16, n)
	for i := range n {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// isOLE reports whether b starts like an OLE2 compound file (.xls).
func isOLE(b []byte) bool { return bytes.HasPrefix(b, oleMagic) }
