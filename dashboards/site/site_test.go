package site

import (
	"strings"
	"testing"

	"cchc/dashboards/site/browsertest"
	"cchc/queries"
)

// hostile are labels that would run or break markup if written unescaped.
var hostile = []string{`<script>alert(1)</script>`, `"&'<>`}

// hostileData is a tiny dataset whose province names and training topic
// are the hostile labels.
func hostileData() *Data {
	one := 1.0
	d := &Data{
		Weights: "equal",
		Ledger:  queries.Ledger{LastLoadedAt: "2026-01-02 03:04:05", Loads: 1},
		Measures: []queries.Measure{
			{Family: "index", Index: "PCI", Component: "TOTAL", Level: "total", NameVI: "Điểm PCI", NameEN: "PCI score", IndexNameVI: "PCI", IndexNameEN: "PCI",
				Unit: "points", Direction: "higher_better", ScaleMax: 100, FirstYear: 2020, LastYear: 2020, UnitSets: "63"},
			{Family: "training", Index: "training_classes", Component: "TOTAL", Level: "total", NameVI: "Số lớp", NameEN: "Classes", IndexNameVI: "Số lớp", IndexNameEN: "Classes",
				Unit: "count", Direction: "higher_better", FirstYear: 2020, LastYear: 2020, UnitSets: "63"},
		},
		Units: []queries.Unit{
			{Units: "63", ProvinceCode: "01", NameVI: hostile[0], NameEN: hostile[0], TileRow: 0, TileCol: 0},
			{Units: "63", ProvinceCode: "02", NameVI: hostile[1], NameEN: hostile[1], TileRow: 1, TileCol: 0},
		},
		Scores: map[string][]queries.ScoreRow{"PCI": {
			{Component: "TOTAL", Year: 2020, Units: "63", ProvinceCode: "01", Province: hostile[0], Score: 70, Rank: 1, NRanked: 2, Percentile: 100, MedianScore: 65, BestScore: 70, GroupCode: "A", GroupVI: hostile[0], GroupEN: hostile[0]},
			{Component: "TOTAL", Year: 2020, Units: "63", ProvinceCode: "02", Province: hostile[1], Score: 60, Rank: 2, NRanked: 2, Percentile: 0, GapToLeader: 10, MedianScore: 65, BestScore: 70, ScoreChange: &one},
		}},
		Changes: map[string][]queries.ChangeRow{},
		Values: []queries.ValueRow{
			{Measure: "PCI", Year: 2020, Units: "63", ProvinceCode: "01", Province: hostile[0], Score: 70, Rank: 1, NRanked: 2, Percentile: 100},
			{Measure: "PCI", Year: 2020, Units: "63", ProvinceCode: "02", Province: hostile[1], Score: 60, Rank: 2, NRanked: 2},
			{Measure: "training_classes", Year: 2020, Units: "63", ProvinceCode: "01", Province: hostile[0], Score: 5, Rank: 1, NRanked: 1, Percentile: 100},
		},
		Topics: []TopicRow{
			{Units: "63", Year: 2020, Topic: hostile[0], TopicName: hostile[0], Classes: 3, Attendances: 90},
			{Units: "63", Year: 2020, Topic: hostile[1], TopicName: hostile[1], Classes: 2, Attendances: 40},
		},
	}
	return d
}

// TestLabelsAreEscapedInPagesAndData checks the files: html/template escapes
// the names in the pages, and the data files carry them as JSON strings
// that cannot close a script.
func TestLabelsAreEscapedInPagesAndData(t *testing.T) {
	s, err := Build(hostileData())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Paths() {
		if strings.HasPrefix(p, "assets/") {
			continue
		}
		b, _ := s.File(p)
		text := string(b)
		if strings.Contains(text, "<script>alert") || strings.Contains(text, `"&'<>`) {
			t.Errorf("%s carries a label unescaped", p)
		}
	}
	page, _ := s.File("provinces.html")
	if !strings.Contains(string(page), "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(string(page), "&#34;&amp;&#39;&lt;&gt;") {
		t.Errorf("provinces.html does not show the names escaped")
	}
	meta, _ := s.File("data/meta.js")
	if !strings.Contains(string(meta), `\u003cscript\u003ealert(1)\u003c/script\u003e`) {
		t.Errorf("meta.js: %.300s", meta)
	}
	if _, ok := s.File(ProfileFile("63", "01")); !ok {
		t.Errorf("no profile page for unit 01: %v", s.Paths())
	}
}

// TestHostileLabelsShowAsTextInTheBrowser opens the pages that show the
// names (rankings chart and table, the list of profiles, a profile, the
// training topics) and checks that no script ran and the names read as text.
func TestHostileLabelsShowAsTextInTheBrowser(t *testing.T) {
	b := browsertest.Start(t)
	s, err := Build(hostileData())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	base := "file://" + dir
	tests := []struct {
		page, selector string
	}{
		{"index.html#index=PCI&tab=table", "#datatable td[data-col=province]"},
		{"index.html#index=PCI&tab=table", "#datatable td[data-col=group]"},
		{"provinces.html", "ul.units a"},
		{ProfileFile("63", "01"), "h1"},
		{ProfileFile("63", "02"), "h1"},
		{"training.html#units=63", "#topics td.topic"},
		{"trends.html#index=PCI&p=01,02", ".chip"},
	}
	for _, tc := range tests {
		b.Reset()
		b.Open(t, base+"/"+tc.page)
		if p := b.Problems(); len(p) > 0 {
			t.Errorf("%s: %v", tc.page, p)
		}
		texts := browsertest.Eval[string](t, b, `Array.from(document.querySelectorAll(`+jsString(tc.selector)+`)).map(function(e){return e.textContent}).join('|')`)
		if !strings.Contains(texts, hostile[0]) && !strings.Contains(texts, hostile[1]) {
			t.Errorf("%s %s reads %q, want the names as text", tc.page, tc.selector, texts)
		}
		if n := browsertest.Eval[int](t, b, `document.querySelectorAll('script:not([src])').length`); n > 0 {
			t.Errorf("%s has %d inline script elements: a label became markup", tc.page, n)
		}
	}
	// the names drawn by ECharts (axis labels, tiles) are canvas text, not markup
	b.Open(t, base+"/index.html#index=PCI&tab=chart")
	if got := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.getElementById('chart')).getOption().yAxis[0].data)`); !strings.Contains(got, `<script>alert(1)</script>`) {
		t.Errorf("the chart's labels = %s", got)
	}
	if p := b.Problems(); len(p) > 0 {
		t.Errorf("chart: %v", p)
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}
