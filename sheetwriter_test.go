package cchc

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSafeCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a formula that runs a command", `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{"a hyperlink formula", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"a plus formula", "+SUM(A1:A9)", "'+SUM(A1:A9)"},
		{"a minus formula", "-2+3", "'-2+3"},
		{"an at sign", "@SUM(A1)", "'@SUM(A1)"},
		{"a leading tab", "\t=1+1", "'\t=1+1"},
		{"a leading carriage return", "\r=1+1", "'\r=1+1"},
		{"a lone dash", "-", "'-"},
		{"a negative number", "-3.5", "-3.5"},
		{"a negative Vietnamese number", "-1.234,56", "-1.234,56"},
		{"a signed percentage", "+12,5%", "+12,5%"},
		{"an exponent", "-1e-3", "-1e-3"},
		{"ordinary Vietnamese text", "Hà Nội", "Hà Nội"},
		{"an equals sign inside", "a=b", "a=b"},
		{"an empty cell", "", ""},
		{"a rank change arrow", "▼3", "▼3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeCell(tt.in); got != tt.want {
				t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteCSVNeutralisesEveryCellAndRoundTrips(t *testing.T) {
	var b bytes.Buffer
	header := []string{"=h", "score"}
	rows := [][]string{{`=HYPERLINK("http://evil","x")`, "-0.5"}, {"Quảng Ninh", "67,40"}, {"@x", "-"}}
	if err := WriteCSV(&b, header, rows); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"'=h", "score"}, {`'=HYPERLINK("http://evil","x")`, "-0.5"}, {"Quảng Ninh", "67,40"}, {"'@x", "'-"}}
	if len(got) != len(want) {
		t.Fatalf("read back %d records, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("record %d cell %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestXLSXWriterNeutralisesTextAndKeepsNumbers(t *testing.T) {
	x := NewXLSXWriter()
	if err := x.AddSheet("bảng một", []string{"Tỉnh", "Điểm"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range [][]any{{"=1+1", -3.5}, {"Hà Nội", int64(7)}, {nil, nil}} {
		if err := x.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.AddSheet("a name longer than thirty-one characters", []string{"x"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "bảng một" || got[1] != "a name longer than thirty-one c" {
		t.Errorf("sheets = %q", got)
	}
	for cell, want := range map[string]string{"A1": "Tỉnh", "A2": "'=1+1", "B2": "-3.5", "A3": "Hà Nội", "B3": "7"} {
		if got, _ := f.GetCellValue("bảng một", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if typ, _ := f.GetCellType("bảng một", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("B2 type = %v, want a number", typ)
	}
	if formula, _ := f.GetCellFormula("bảng một", "A2"); formula != "" {
		t.Errorf("A2 holds the formula %q", formula)
	}
}

// TestXLSXWriterKeepsEscapeLookingText: OOXML writes a character as
// _xHHHH_, so a cell holding that text literally ("_x0041_", a code in a
// source file) must come back as written, not as "A" (excelize escapes the
// underscore, _x005F_, as it writes).
func TestXLSXWriterKeepsEscapeLookingText(t *testing.T) {
	x := NewXLSXWriter()
	if err := x.AddSheet("s", []string{"_x0041_ đầu"}); err != nil {
		t.Fatal(err)
	}
	texts := []string{"_x0041_", "mã _x00e9_ và _x005F_", "_x12_ không phải", "=_x0041_"}
	for _, s := range texts {
		if err := x.Write([]any{s}); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := append([]string{"_x0041_ đầu"}, texts[:3]...)
	want = append(want, "'=_x0041_")
	for i, w := range want {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if got, _ := f.GetCellValue("s", cell); got != w {
			t.Errorf("%s = %q, want %q", cell, got, w)
		}
	}
}
