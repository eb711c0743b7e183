package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"cchc"
	"cchc/dashboards/report"
	"cchc/internal/testutil"
	"cchc/queries"
)

// published2015 is the published 2015 ranking of an index: province names
// (on the warehouse's map) and values, best first.
type publishedRow struct {
	name  string
	value float64
	rank  int
}

func published2015(t *testing.T, names map[string]string, file, component string, officialRank bool) []publishedRow {
	t.Helper()
	var out []publishedRow
	for _, r := range testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "published", file)) {
		if r["year"] != "2015" || r["component_code"] != component {
			continue
		}
		v, err := strconv.ParseFloat(r["value"], 64)
		if err != nil {
			t.Fatal(err)
		}
		p := publishedRow{name: names[r["gso_code"]], value: v}
		if officialRank {
			p.rank, _ = strconv.Atoi(r["rank"])
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b publishedRow) int {
		switch {
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return 0
	})
	for i := range out {
		if !officialRank {
			out[i].rank = i + 1 // PAPI publishes scores; ranks follow them
		}
	}
	if len(out) != 63 || out[0].name == "" {
		t.Fatalf("%s 2015: %d published rows", file, len(out))
	}
	return out
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestReportOfficial2015 writes the 2015 report from the official PAPI
// 2011-2016 and PCI 2015 workbooks and checks the leaders, scores and ranks
// against the published values in the HTML and in the PDF's extracted text;
// the narrative's sentences are a golden file.
func TestReportOfficial2015(t *testing.T) {
	shared := testutil.RequireShared(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	mustCLI(t, "--db", db, "ingest", filepath.Join(shared, "data", "official", "PAPI_2011-2016.xlsx"), filepath.Join(shared, "data", "official", "PCI_2015.xlsx"))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "report", "--year", "2015", "-o", dir)
	if !strings.Contains(out, "bao_cao_2015.html") || !strings.Contains(out, "bao_cao_2015.pdf") {
		t.Fatalf("report: %s", out)
	}
	// the names the warehouse gives the published GSO codes
	ctx := context.Background()
	w, err := cchc.Open(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	q := queries.New(w)
	units, err := q.ListProvinces(ctx, "63")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	papi := published2015(t, names, "papi.csv", "TOTAL", false)
	pci := published2015(t, names, "pci.csv", "weighted", true)
	if pci[0].rank != 1 {
		t.Fatalf("published PCI 2015 leader has rank %d", pci[0].rank)
	}
	l := report.VI
	wants := []string{
		fmt.Sprintf("Năm 2015, %s dẫn đầu PAPI với %s điểm", papi[0].name, l.Num(papi[0].value, 2)),
		fmt.Sprintf("Năm 2015, %s dẫn đầu PCI với %s điểm.", pci[0].name, l.Num(pci[0].value, 2)),
		fmt.Sprintf("Xếp cuối trong 63 tỉnh/thành là %s với %s điểm", papi[62].name, l.Num(papi[62].value, 2)),
	}
	raw, err := os.ReadFile(filepath.Join(dir, "bao_cao_2015.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(raw)
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("HTML: missing %q", w)
		}
	}
	// the appendix: every published rank, province and score
	for _, ix := range []struct {
		name string
		rows []publishedRow
	}{{"PAPI", papi}, {"PCI", pci}} {
		for _, r := range ix.rows {
			cell := fmt.Sprintf(`<td class="r">%d</td><td>%s</td><td class="r">%s</td>`, r.rank, r.name, l.Num(r.value, 2))
			if !strings.Contains(page, cell) {
				t.Errorf("HTML %s: no row %q", ix.name, cell)
			}
		}
	}

	pdftotext := testutil.RequireTool(t, "pdftotext", "poppler-utils")
	pdf := filepath.Join(dir, "bao_cao_2015.pdf")
	txt, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !norm.NFC.IsNormalString(string(txt)) {
		t.Error("the PDF's text is not NFC")
	}
	pages := strings.Split(strings.TrimRight(string(txt), "\f"), "\f")
	if len(pages) < 10 {
		t.Errorf("%d pages", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, fmt.Sprintf("Trang %d/%d", i+1, len(pages))) {
			t.Errorf("page %d has no page number", i+1)
		}
	}
	flat := collapse(string(txt))
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("PDF: missing %q", w)
		}
	}
	for _, ix := range []struct {
		name string
		rows []publishedRow
	}{{"PAPI", papi}, {"PCI", pci}} {
		for _, r := range ix.rows {
			row := fmt.Sprintf("%d %s %s", r.rank, r.name, l.Num(r.value, 2))
			if !strings.Contains(flat, row) {
				t.Errorf("PDF %s: no row %q", ix.name, row)
			}
		}
	}
	// the table of contents gives the page each chapter starts on
	toc := regexp.MustCompile(`Phụ lục: bảng đầy đủ\s+(\d+)`).FindStringSubmatch(pages[0])
	if toc == nil {
		t.Fatalf("no appendix in the contents:\n%s", pages[0])
	}
	n, _ := strconv.Atoi(toc[1])
	if n < 2 || n > len(pages) || !strings.Contains(pages[n-1], "Phụ lục: bảng đầy đủ") {
		t.Errorf("the contents put the appendix on page %d, which does not start it", n)
	}
	if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
		if b, err := exec.Command(pdftoppm, "-r", "30", "-f", "1", "-l", "2", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		for _, p := range []string{"page-01.png", "page-02.png"} {
			if st, err := os.Stat(filepath.Join(dir, p)); err != nil || st.Size() < 1000 {
				t.Errorf("pdftoppm made no page image %s (%v)", p, err)
			}
		}
	}

	// the narrative, sentence by sentence, in both languages
	d, err := report.Load(ctx, q, queries.ReportScope{Year: 2015, Units: "63", Weights: "equal"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []report.Lang{report.VI, report.EN} {
		got := strings.Join(report.National(lang, d).Text(), "\n") + "\n"
		golden := filepath.Join("testdata", "report", "narrative_2015_"+string(lang)+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/cchc -run TestReportOfficial2015 -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("the %s narrative differs from %s:\n%s", lang, golden, got)
		}
	}
}

// TestReportProvinceAndErrors: a province profile in English on the demo
// warehouse, every profile with --all-provinces, and the clear errors.
func TestReportProvinceAndErrors(t *testing.T) {
	db := filepath.Join(demoWarehouse(t), "out", "demo.duckdb")
	dir := t.TempDir()
	out := mustCLI(t, "--db", db, "report", "--year", "2023", "--province", "quang ninh", "--lang", "en", "--format", "html", "-o", dir)
	if !strings.Contains(out, "ho_so_2023_quang_ninh_en.html") {
		t.Fatalf("report: %s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "ho_so_2023_quang_ninh_en.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"Quang Ninh profile 2023", "Illustrative data, not real figures", "What moved the total", "Peers", "The last ten years",
		"the total is the sum of its dimensions, so the change splits exactly between them"} {
		if !strings.Contains(page, want) {
			t.Errorf("profile: missing %q", want)
		}
	}
	out = mustCLI(t, "--db", db, "report", "--year", "2023", "--all-provinces", "--format", "html", "-o", dir)
	if !strings.Contains(out, "63 hồ sơ/profiles") {
		t.Errorf("all provinces: %s", out)
	}
	idx, err := os.ReadFile(filepath.Join(dir, "ho_so_2023.html"))
	if err != nil || strings.Count(string(idx), "<li>") != 63 || !strings.Contains(string(idx), `href="ho_so_2023_ha_noi.html"`) {
		t.Errorf("index page: %v %d links", err, strings.Count(string(idx), "<li>"))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "-o", dir}, "--year"},
		{[]string{"report", "--year", "2023"}, "-o"},
		{[]string{"report", "--year", "2023", "--lang", "fr", "-o", dir}, "fr"},
		{[]string{"report", "--year", "2023", "--format", "docx", "-o", dir}, "docx"},
		{[]string{"report", "--year", "2023", "--province", "Hà Nộii Mới", "-o", dir}, "Hà Nộii Mới"},
		{[]string{"report", "--year", "2023", "--province", "Hà Nội", "--all-provinces", "-o", dir}, "--all-provinces"},
		{[]string{"report", "--year", "1990", "-o", dir}, "1990"},
	} {
		_, errs, code := cli(t, append([]string{"--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") > 1 {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errs)
		}
	}
}
