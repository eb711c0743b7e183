package ingest

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"cchc/data"
)

// TestLegacyXLSPCIWorkbook reads testdata/pci_legacy.xls, a hand-made BIFF8
// workbook laid out like PCI 2005-2011 (written by testdata/make_xls.js):
// a merged title and blank rows above the header, a renamed summary sheet,
// a blank row inside the table, one sub-index sheet keyed by PCI id and a
// notes sheet; the year is only in the "PCI 2010" label.
func TestLegacyXLSPCIWorkbook(t *testing.T) {
	tbl, err := ReadTable(filepath.Join("testdata", "pci_legacy.xls"))
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser(data.MustLoad())
	if kind, _ := p.detectKind(tbl); kind != KindPCIWorkbook {
		t.Fatalf("kind %q, want %s", kind, KindPCIWorkbook)
	}
	parsed, err := p.ParsePCIWorkbook(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Rejects) > 0 {
		t.Fatalf("%d rejects, first: %v", len(parsed.Rejects), parsed.Rejects[0])
	}
	if strings.Join(parsed.Skipped, ",") != "Ghi chú" {
		t.Errorf("skipped sheets %v, want the notes sheet", parsed.Skipped)
	}
	if !strings.Contains(strings.Join(parsed.Notes, "\n"), `year 2010 (nhãn "PCI 2010" ở sheet BXH`) {
		t.Errorf("notes do not say where the year came from: %v", parsed.Notes)
	}

	// Recompute the made-up values as make_xls.js does.
	var codes []string
	for _, pr := range data.MustLoad().Provinces {
		if pr.Code != "28" {
			codes = append(codes, pr.Code)
		}
	}
	sort.Strings(codes)
	comps := []string{"entry", "land", "transparency", "time", "informal", "proactive", "support", "labor", "legal"}
	want := map[string]float64{}
	totals := map[string]float64{}
	for k, code := range codes {
		for c, comp := range comps {
			want[code+"|"+comp] = math.Round((4+float64((k*7+c*13)%50)/10)*10000) / 10000
		}
		totals[code] = 50 + float64((k*37)%200)/10
		want[code+"|TOTAL"] = totals[code]
	}
	byTotal := append([]string(nil), codes...)
	sort.Slice(byTotal, func(i, j int) bool { return totals[byTotal[i]] > totals[byTotal[j]] })
	rankOf := map[string]int64{}
	for i, c := range byTotal {
		rankOf[c] = int64(i + 1)
	}
	if len(parsed.Records) != len(want) {
		t.Errorf("%d records, want %d", len(parsed.Records), len(want))
	}
	for _, r := range parsed.Records {
		key := r.ProvinceCode + "|" + r.Component
		if w, ok := want[key]; !ok || math.Abs(w-r.Score) > 1e-9 || r.Year != 2010 {
			t.Errorf("%s %d: %v, want %v", key, r.Year, r.Score, w)
		}
		if r.Component == "TOTAL" {
			if !r.HasRank || r.Rank != rankOf[r.ProvinceCode] {
				t.Errorf("%s: rank %d, want %d", r.ProvinceCode, r.Rank, rankOf[r.ProvinceCode])
			}
			wantTier := map[bool]string{true: "Rất tốt", false: ""}[rankOf[r.ProvinceCode] <= 5]
			if wantTier != "" && r.Group != wantTier || r.Group == "" {
				t.Errorf("%s: tier %q (rank %d)", r.ProvinceCode, r.Group, rankOf[r.ProvinceCode])
			}
		}
	}
}

// biffRecord writes one BIFF record.
func biffRecord(typ uint16, body []byte) []byte {
	b := make([]byte, 4, 4+len(body))
	binary.LittleEndian.PutUint16(b, typ)
	binary.LittleEndian.PutUint16(b[2:], uint16(len(body)))
	return append(b, body...)
}

func formulaRecord(row, col uint16, num []byte) []byte {
	b := make([]byte, 20)
	binary.LittleEndian.PutUint16(b, row)
	binary.LittleEndian.PutUint16(b[2:], col)
	copy(b[6:14], num)
	return biffRecord(biffFormula, b)
}

// TestFormulaValuesFromStream checks the cached results of formula cells,
// which the .xls reader library skips: a number, a text (in the STRING
// record that follows), and an error that stays empty.
func TestFormulaValuesFromStream(t *testing.T) {
	num := make([]byte, 8)
	binary.LittleEndian.PutUint64(num, math.Float64bits(62.555576))
	text := []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}
	errv := []byte{2, 0, 7, 0, 0, 0, 0xFF, 0xFF}
	name := utf16.Encode([]rune("Hà Nội"))
	str := []byte{byte(len(name)), 0, 1}
	for _, u := range name {
		str = binary.LittleEndian.AppendUint16(str, u)
	}
	sheet := append(biffRecord(biffBOF, make([]byte, 16)), formulaRecord(4, 2, num)...)
	sheet = append(sheet, formulaRecord(5, 1, text)...)
	sheet = append(sheet, biffRecord(biffString, str)...)
	sheet = append(sheet, formulaRecord(6, 2, errv)...)
	sheet = append(sheet, biffRecord(biffEOF, nil)...)

	bound := make([]byte, 8+3)
	globals := append(biffRecord(biffBOF, make([]byte, 16)), biffRecord(biffBoundSheet, bound)...)
	globals = append(globals, biffRecord(biffEOF, nil)...)
	binary.LittleEndian.PutUint32(globals[4+16+4:], uint32(len(globals)))
	got := formulaValuesFromStream(append(globals, sheet...))
	if len(got) != 1 {
		t.Fatalf("%d sheets, want 1", len(got))
	}
	if v := got[0][[2]int{4, 2}]; v.text != "62.555576" || !v.number {
		t.Errorf("number formula: %+v", v)
	}
	if v := got[0][[2]int{5, 1}]; v.text != "Hà Nội" || v.number {
		t.Errorf("text formula: %+v", v)
	}
	if _, ok := got[0][[2]int{6, 2}]; ok {
		t.Errorf("an error result was read as a value")
	}
}

// TestDamagedXLS: a file that only starts like an .xls is refused with
// its name, not a crash and not an empty table.
func TestDamagedXLS(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hong.xls")
	b := append(append([]byte(nil), oleMagic...), make([]byte, 600)...)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadTable(path)
	if err == nil || !strings.Contains(err.Error(), "hong.xls") {
		t.Fatalf("error = %v", err)
	}
}
