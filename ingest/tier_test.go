package ingest

import (
	"strings"
	"testing"

	"cchc/data"
)

// TestPCITierMustBeOneOfTheIndexTiers is the tier half of case 4 of issue
// 15: a tier cell is checked against data/reference/index_groups.csv, so a
// formula (or any unknown text) in it is refused naming its cell instead of
// reaching 'rank --format csv' as a group.
func TestPCITierMustBeOneOfTheIndexTiers(t *testing.T) {
	setPCIIDs(t)
	summary := func(tier func(i int) string) [][]any {
		rows := [][]any{{"STT", "Tỉnh/Thành phố", "PCI 2014", "Xếp hạng", "Nhóm"}}
		for i, m := range madeUp {
			rows = append(rows, []any{i + 1, m.name, m.total, i + 1, tier(i)})
		}
		return rows
	}
	tests := []struct {
		name    string
		tier    func(i int) string
		wantBad string
	}{
		{"Vietnamese labels", func(i int) string { return []string{"Rất tốt", "Tốt", "Khá"}[i%3] }, ""},
		{"English labels in another case", func(i int) string { return []string{"excellent", "HIGH", " Mid-high "}[i%3] }, ""},
		{"VCCI's English low tiers", func(i int) string { return []string{"Low", "Very low"}[i%2] }, ""},
		{"a formula", func(i int) string {
			if i == 2 {
				return `=HYPERLINK("http://evil","x")`
			}
			return "Tốt"
		}, `=HYPERLINK("http://evil","x")`},
		{"an unknown tier", func(i int) string {
			if i == 0 {
				return "Xuất sắc"
			}
			return "Tốt"
		}, "Xuất sắc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeWorkbook(t, "PCI_2014.xlsx", []sheetSpec{{name: "Ket qua", title: "PCI 2014 - KẾT QUẢ", top: 3, rows: summary(tt.tier)}})
			tbl, err := ReadTable(path)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := NewParser(data.MustLoad()).ParsePCIWorkbook(tbl)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantBad == "" {
				if len(parsed.Rejects) > 0 {
					t.Fatalf("rejected: %v", parsed.Rejects[0])
				}
				for _, r := range parsed.Records {
					if r.Component != "TOTAL" {
						continue
					}
					// stored as the tier's Vietnamese label
					g, ok := data.MustLoad().GroupOf("PCI", r.Group)
					if !ok || r.Group != g.LabelVI {
						t.Errorf("%s: tier %q, want a Vietnamese PCI tier label", r.ProvinceCode, r.Group)
					}
					i := 0
					for i < len(madeUp) && madeUp[i].code != r.ProvinceCode {
						i++
					}
					if in := strings.TrimSpace(tt.tier(i)); in == "Low" && r.Group != "Tương đối thấp" || in == "Very low" && r.Group != "Thấp" {
						t.Errorf("%s: %q stored as %q", r.ProvinceCode, in, r.Group)
					}
				}
				return
			}
			if len(parsed.Rejects) != 1 {
				t.Fatalf("%d rejects, want 1", len(parsed.Rejects))
			}
			e := parsed.Rejects[0]
			if e.Value != tt.wantBad || e.Column != "Nhóm" || !strings.Contains(e.Err.Error(), "not one of PCI's tiers (Rất tốt, Tốt, Khá, Trung bình, Tương đối thấp, Thấp)") {
				t.Errorf("reject = %v (value %q, column %q)", e, e.Value, e.Column)
			}
			for _, r := range parsed.Records {
				if strings.HasPrefix(r.Group, "=") {
					t.Errorf("the formula reached a record: %+v", r)
				}
			}
		})
	}
}
