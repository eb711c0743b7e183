package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrNoCachedValue is the cause of a cell whose formula has no computed
// value saved with it: the workbook was written by a program that does not
// calculate (a script, a generator) and never opened and saved in Excel.
// Such a cell reads as empty, so its row is refused rather than loaded
// without it.
var ErrNoCachedValue = errors.New("ô có công thức nhưng chưa có giá trị tính sẵn (hãy mở tệp bằng Excel, tính lại và lưu) / the cell holds a formula with no computed value saved (open the file in Excel, recalculate and save it)")

// formulaCell is a cell with a formula and no cached value.
type formulaCell struct {
	row     int    // 1-based
	column  string // "C"
	formula string // without "=", "" for a cell of a shared formula
}

// uncachedFormulas returns, by sheet name, the cells of an XLSX file whose
// formula has no cached value, in file order. excelize reads such a cell
// as "", which would drop its value without a word.
func uncachedFormulas(file string) (map[string][]formulaCell, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s: no %s", file, name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	var book struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wb, &book); err != nil {
		return nil, err
	}
	relsXML, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(relsXML, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string][]formulaCell{}
	for _, s := range book.Sheets {
		var id string
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				id = a.Value
			}
		}
		b, err := read(targets[id])
		if err != nil {
			continue // a chart sheet or a missing part: excelize says what it is
		}
		if !bytes.Contains(b, []byte("<f")) && !bytes.Contains(b, []byte(":f")) {
			continue // no formula at all: the common case, and cheap
		}
		cells, err := sheetUncached(b)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.Name, err)
		}
		if len(cells) > 0 {
			out[NFC(s.Name)] = cells
		}
	}
	return out, nil
}

// sheetUncached streams one worksheet's XML for cells (<c>) that hold a
// formula (<f>) and no value (<v>).
func sheetUncached(b []byte) ([]formulaCell, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []formulaCell
	var ref, formula string
	inCell, inF, hasF, hasV := false, false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, hasF, hasV, ref, formula = true, false, false, "", ""
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						ref = a.Value
					}
				}
			case "f":
				if inCell {
					inF, hasF = true, true
				}
			case "v", "is":
				if inCell {
					hasV = true
				}
			}
		case xml.CharData:
			if inF {
				formula += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "f":
				inF = false
			case "c":
				if hasF && !hasV && ref != "" {
					col, row, err := excelize.CellNameToCoordinates(ref)
					if err == nil {
						name, _ := excelize.ColumnNumberToName(col)
						out = append(out, formulaCell{row: row, column: name, formula: formula})
					}
				}
				inCell = false
			}
		}
	}
}
