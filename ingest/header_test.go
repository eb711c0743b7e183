package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"cchc/data"
)

func TestHeaderFields(t *testing.T) {
	m := NewHeaderMapper(data.MustLoad())
	tests := []struct {
		in   string
		want Field
	}{
		{"Tỉnh/Thành phố", FProvince},
		{"tinh/thanh pho", FProvince},
		{"TỈNH, THÀNH PHỐ", FProvince},
		{"Province", FProvince},
		{norm.NFD.String("Tỉnh"), FProvince},
		{"Mã tỉnh", FProvinceCode},
		{"tinhid", FProvinceCode},
		{"Năm", FYear},
		{"nam", FYear},
		{"Year", FYear},
		{"Chỉ số", FIndex},
		{"Chỉ số thành phần", FComponent},
		{"chi so thanh phan", FComponent},
		{"Điểm", FScore},
		{"Score", FScore},
		{"Xếp hạng", FRank},
		{"xep_hang", FRank},
		{" Rank ", FRank},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := m.Field(tt.in)
			if !ok || got != tt.want {
				t.Errorf("Field(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
	if f, ok := m.Field("Ghi chú"); ok {
		t.Errorf("Field(Ghi chú) = %q, want no field", f)
	}
}

func TestComponentLabels(t *testing.T) {
	m := NewHeaderMapper(data.MustLoad())
	tests := []struct {
		name, index, label string
		year               int
		want               string
		wantErr            bool
	}{
		{"an empty label is the overall score", "PCI", "", 2019, "TOTAL", false},
		{"a PCI code", "PCI", "transparency", 2019, "transparency", false},
		{"a PCI Vietnamese name", "PCI", "Tính minh bạch", 2019, "transparency", false},
		{"a PCI name without diacritics", "PCI", "tinh minh bach", 2019, "transparency", false},
		{"PCI's official sub-index number", "PCI", "6", 2019, "bias", false},
		{"the old SOE-bias name maps to equal competition", "PCI", "Ưu đãi DNNN", 2007, "bias", false},
		{"a PAPI dimension code", "PAPI", "D1", 2019, "D1", false},
		{"a PAPI dimension number", "PAPI", "1", 2019, "D1", false},
		{"a PAPI sub-dimension number", "PAPI", "1.1", 2019, "D1.1", false},
		{"a PAPI English name", "PAPI", "E-Governance", 2020, "D8", false},
		{"a PAPI Vietnamese name with the 2018 prefix", "PAPI", "Chỉ số nội dung 8: Quản trị điện tử", 2020, "D8", false},
		{"a name starred in the data sheet", "PAPI", "Tiếp cận dịch vụ tư pháp*", 2019, "D3.3", false},
		{"Poverty lists is D2.1 before 2018", "PAPI", "Danh sách hộ nghèo", 2016, "D2.1", false},
		{"Poverty lists is D2.2 from 2018", "PAPI", "Danh sách hộ nghèo", 2019, "D2.2", false},
		{"E-governance did not exist in 2016", "PAPI", "D8", 2016, "", true},
		{"an unknown label", "PCI", "Chỉ số hạnh phúc", 2019, "", true},
		{"a PAR field number", "PAR", "3", 2023, "C3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Component(tt.index, tt.label, tt.year)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Component(%s, %q, %d) = %q, %v; want %q", tt.index, tt.label, tt.year, got, err, tt.want)
			}
		})
	}
}

func TestIndexNames(t *testing.T) {
	m := NewHeaderMapper(data.MustLoad())
	for in, want := range map[string]string{"PCI": "PCI", "pci": "PCI", "Chỉ số CCHC": "PAR", "PAR Index": "PAR", "PAR_INDEX": "PAR", "SIPAS": "SIPAS", "Chỉ số PAPI": "PAPI"} {
		if got, ok := m.Index(in); !ok || got != want {
			t.Errorf("Index(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func FuzzHeaderMapper(f *testing.F) {
	m := NewHeaderMapper(data.MustLoad())
	for _, s := range []string{"Tỉnh/Thành phố", "Năm", "Điểm", "D1.1", "Chỉ số nội dung 8: Quản trị điện tử", "", "***"} {
		f.Add(s, 2019)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		f1, ok1 := m.Field(s)
		f2, ok2 := m.Field(norm.NFD.String(s))
		if ok1 != ok2 || f1 != f2 {
			t.Fatalf("Field(%q) = %q,%v but its NFD form gives %q,%v", s, f1, ok1, f2, ok2)
		}
		for _, ix := range []string{"PAR", "PAPI", "PCI", "SIPAS"} {
			c, err := m.Component(ix, s, year)
			if err == nil && c == "" {
				t.Fatalf("Component(%s, %q) returned no code and no error", ix, s)
			}
		}
	})
}

// TestPCISubIndexNumbersByYear: PCI numbered its sub-indices 1-10 with
// SOE bias / equal competition as 6, except 2009-2012, when there was no
// such sub-index and proactivity was 6 (the 2012 workbook's sheets say so).
func TestPCISubIndexNumbersByYear(t *testing.T) {
	m := NewHeaderMapper(data.MustLoad())
	for _, c := range []struct {
		label string
		year  int
		want  string
	}{
		{"CSTP6", 2007, "bias"}, {"CSTP6", 2010, "proactive"}, {"CSTP6", 2015, "bias"},
		{"CSTP7", 2012, "support"}, {"CSTP7", 2013, "proactive"}, {"CSTP9", 2011, "legal"}, {"CSTP9", 2019, "labor"},
		{"Chỉ số thành phần 8", 2010, "labor"}, {"Tính năng động", 2010, "proactive"}, {"Cạnh tranh bình đẳng", 2016, "bias"},
	} {
		got, err := m.Component("PCI", c.label, c.year)
		if err != nil || got != c.want {
			t.Errorf("%q in %d = %q (%v), want %s", c.label, c.year, got, err, c.want)
		}
	}
	if got, err := m.Component("PCI", "Cạnh tranh bình đẳng", 2011); err == nil {
		t.Errorf("equal competition in 2011 = %q; PCI had no such sub-index in 2009-2012", got)
	}
}

// TestAHundredThousandColumnsTakeLinearTime is case 6 of issue 15: a
// header of 100,000 columns took 27 s (25,000 took 2.6 s, 50,000 8.4 s).
// The times at 25,000 and 100,000 columns must grow about linearly.
func TestAHundredThousandColumnsTakeLinearTime(t *testing.T) {
	file := func(n int) string {
		var h, r strings.Builder
		h.WriteString("province,year,index,score")
		r.WriteString("Hà Nội,2019,PCI,60")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&h, ",cột thừa %d", i)
			r.WriteString(",x")
		}
		return writeFile(t, fmt.Sprintf("wide_%d.csv", n), h.String()+"\n"+r.String()+"\n")
	}
	took := map[int]time.Duration{}
	for _, n := range []int{25000, 100000} {
		path := file(n)
		start := time.Now()
		res, err := ingestFile(t, nil, path, Options{DryRun: true})
		took[n] = time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 1 || len(res.Ignored) != n {
			t.Fatalf("%d columns: %d rows, %d ignored columns", n, res.Rows, len(res.Ignored))
		}
	}
	t.Logf("25,000 columns %v, 100,000 columns %v", took[25000], took[100000])
	// linear is 4x; quadratic 16x. Allow for noise on a shared machine.
	if took[100000] > 8*took[25000]+200*time.Millisecond {
		t.Errorf("100,000 columns took %v, 25,000 took %v: not linear", took[100000], took[25000])
	}
}
