package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cchc"
	"cchc/dashboards/site"
	"cchc/dashboards/site/browsertest"
	"cchc/internal/testutil"
	"cchc/queries"
)

// demoOutput is the output folder of the demo run the CLI cases share
// (golden_test.go): the demo warehouse and the static dashboard it writes
// under dashboard/.
func demoOutput(t *testing.T) string {
	t.Helper()
	dir := demoWarehouse(t)
	if demoCode != 0 {
		t.Fatalf("cchc demo: exit %d: %s", demoCode, demoErr)
	}
	return filepath.Join(dir, "out")
}

// pageURLs are the pages every browser test opens: the fixed pages and
// two province profiles (one per map).
func pageURLs(base string) []string {
	var out []string
	for _, p := range site.Pages {
		out = append(out, base+"/"+p.File)
	}
	return append(out, base+"/"+site.ProfileFile("63", "22"), base+"/"+site.ProfileFile("34", "46"))
}

// TestDashboardPagesOpenCleanFromDiskAndFromServe opens every page of the
// demo's dashboard from file:// and from 'serve': no console error, no
// exception, no failed load, and no request leaving the page's origin.
// With CCHC_SCREENSHOTS=DIR it saves a screenshot of each page there.
func TestDashboardPagesOpenCleanFromDiskAndFromServe(t *testing.T) {
	out := demoOutput(t)
	b := browsertest.Start(t)
	srv := httptest.NewServer(newDashboardServer(filepath.Join(out, "demo.duckdb"), "", &env{stdout: io.Discard, stderr: io.Discard}))
	defer srv.Close()
	shots := os.Getenv("CCHC_SCREENSHOTS")
	for _, origin := range []string{"file://" + filepath.Join(out, "dashboard"), srv.URL} {
		for _, u := range pageURLs(origin) {
			b.Reset()
			b.Open(t, u)
			if p := b.Problems(); len(p) > 0 {
				t.Errorf("%s: %v", u, p)
			}
			o := origin
			if strings.HasPrefix(o, "file://") {
				o = "file://"
			}
			if f := b.Foreign(o); len(f) > 0 {
				t.Errorf("%s requested outside its origin: %v", u, f)
			}
			if !strings.Contains(browsertest.Eval[string](t, b, `document.body.innerText`), "dữ liệu minh họa / illustrative data") {
				t.Errorf("%s does not say dữ liệu minh họa / illustrative data", u)
			}
			if shots != "" && origin == srv.URL {
				name := strings.TrimSuffix(filepath.Base(u), ".html") + ".png"
				if err := os.WriteFile(filepath.Join(shots, name), b.Screenshot(t), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// chartData returns the first series' data and the title of a chart.
func chartData(t *testing.T, b *browsertest.Browser, id string) string {
	t.Helper()
	return browsertest.Eval[string](t, b, fmt.Sprintf(`(function(){var c=echarts.getInstanceByDom(document.getElementById(%q)); var o=c.getOption(); return o.title[0].text + JSON.stringify(o.series[0].data);})()`, id))
}

func TestDashboardYearSelectorRedrawsTheChartAndStateLivesInTheHash(t *testing.T) {
	out := demoOutput(t)
	b := browsertest.Start(t)
	b.Open(t, "file://"+filepath.Join(out, "dashboard", "index.html")+"#index=PCI&comp=TOTAL&units=63&year=2024")
	before := chartData(t, b, "chart")
	if !strings.Contains(before, "PCI 2024") {
		t.Fatalf("chart title and data = %.200s, want PCI 2024", before)
	}
	b.Do(t, "select 2021", browsertest.SelectValue("#sel-year", "2021"))
	after := chartData(t, b, "chart")
	if after == before || !strings.Contains(after, "PCI 2021") {
		t.Errorf("after choosing 2021 the chart is %.200s (before: %.200s)", after, before)
	}
	if h := browsertest.Eval[string](t, b, `location.hash`); !strings.Contains(h, "year=2021") || !strings.Contains(h, "index=PCI") {
		t.Errorf("hash = %q, want the index and the year", h)
	}
	// a bookmarked view opens as it was left
	b.Open(t, "file://"+filepath.Join(out, "dashboard", "index.html")+"#index=PAPI&comp=TOTAL&units=34&year=2022&lang=en")
	if got := chartData(t, b, "chart"); !strings.Contains(got, "PAPI 2022") {
		t.Errorf("bookmarked view draws %.100s, want PAPI 2022", got)
	}
	if got := browsertest.Eval[string](t, b, `document.querySelector('#sel-units').value + ' ' + document.documentElement.getAttribute('data-lang') + ' ' + document.querySelector('nav a.active').innerText`); got != "34 en Rankings" {
		t.Errorf("bookmarked view: map, language, tab = %q, want 34 en Rankings", got)
	}
}

func TestDashboardProvincePickerIgnoresDiacriticsAndCase(t *testing.T) {
	out := demoOutput(t)
	b := browsertest.Start(t)
	b.Open(t, "file://"+filepath.Join(out, "dashboard", "trends.html")+"#index=PCI&units=63&p=01")
	tests := []struct{ typed, want string }{
		{"thua thien", "Thừa Thiên Huế"},
		{"ha noi", "Hà Nội"},
		{"QUANG NINH", "Quảng Ninh"},
		{"đắk lắk", "Đắk Lắk"},
		{"dak lak", "Đắk Lắk"},
	}
	for _, tc := range tests {
		got := browsertest.Eval[string](t, b, fmt.Sprintf(`(function(){var i=document.getElementById('picker-p'); i.value=%q; i.dispatchEvent(new Event('input')); return Array.from(document.querySelectorAll('#suggest-p li')).map(function(l){return l.textContent}).join('|');})()`, tc.typed))
		if !strings.Contains(got, tc.want) {
			t.Errorf("typing %q suggests %q, want %s", tc.typed, got, tc.want)
		}
	}
	// choosing the suggestion adds the province to the chart and the hash
	browsertest.Eval[string](t, b, `(function(){var i=document.getElementById('picker-p'); i.value='thua thien'; i.dispatchEvent(new Event('input')); return '';})()`)
	b.Do(t, "choose Thừa Thiên Huế", chromedp.Evaluate[chromedp.Void](`document.querySelector('#suggest-p li').dispatchEvent(new MouseEvent('mousedown'))`))
	if h := browsertest.Eval[string](t, b, `decodeURIComponent(location.hash)`); !strings.Contains(h, "p=01,46") {
		t.Errorf("hash after choosing = %q, want p=01,46", h)
	}
	if legend := browsertest.Eval[string](t, b, `JSON.stringify(echarts.getInstanceByDom(document.getElementById('chart')).getOption().legend[0].data)`); !strings.Contains(legend, "Thừa Thiên Huế") || !strings.Contains(legend, "Hà Nội") {
		t.Errorf("legend = %s, want Hà Nội and Thừa Thiên Huế", legend)
	}
}

func TestDashboardTableSearchSortAndCSVOfWhatIsShown(t *testing.T) {
	out := demoOutput(t)
	b := browsertest.Start(t)
	b.Open(t, "file://"+filepath.Join(out, "dashboard", "index.html")+"#index=PCI&units=63&year=2024&tab=table&q=quang&sort=score&dir=asc")
	codes := browsertest.Eval[[]string](t, b, `Array.from(document.querySelectorAll('#datatable tbody tr')).map(function(r){return r.querySelector('[data-col=province]').textContent})`)
	if len(codes) < 4 {
		t.Fatalf("search 'quang' shows %v, want the Quảng provinces", codes)
	}
	for _, n := range codes {
		if !strings.Contains(n, "Quảng") && !strings.Contains(n, "Quang") {
			t.Errorf("search 'quang' shows %s", n)
		}
	}
	scores := browsertest.Eval[[]float64](t, b, `Array.from(document.querySelectorAll('#datatable tbody td[data-col=score]')).map(function(c){return Number(c.dataset.value)})`)
	for i := 1; i < len(scores); i++ {
		if scores[i] < scores[i-1] {
			t.Errorf("sorted by score ascending, row %d (%v) comes after %v", i, scores[i], scores[i-1])
		}
	}
	csv := browsertest.Eval[string](t, b, `CCHC.shownCSV()`)
	lines := strings.Split(strings.TrimSpace(csv), "\r\n")
	if len(lines) != len(codes)+1 || !strings.HasPrefix(lines[0], "Hạng,Tỉnh/thành,Điểm") || !strings.Contains(lines[1], codes[0]) {
		t.Errorf("CSV of what is shown = %q, want a header and the %d rows shown", csv, len(codes))
	}
	for in, want := range map[string]string{"=1+2": "'=1+2", "+x": "'+x", "-3": "'-3", "@a": "'@a", "\tx": "'\tx", "a,b": `"a,b"`, "Hà Nội": "Hà Nội"} {
		if got := browsertest.Eval[string](t, b, fmt.Sprintf(`CCHC.csvCell(%q)`, in)); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDashboardPCI2015EqualsRank: the numbers the rankings table shows for
// PCI 2015 loaded from the official workbook are those of 'cchc rank
// --format json'.
func TestDashboardPCI2015EqualsRank(t *testing.T) {
	shared := testutil.RequireShared(t)
	db := filepath.Join(t.TempDir(), "pci.duckdb")
	mustCLI(t, "--db", db, "ingest", filepath.Join(shared, "data", "official", "PCI_2015.xlsx"))
	mustCLI(t, "--db", db, "build")
	want := rankJSONOf(t, db, "--index", "PCI", "--year", "2015")
	b := browsertest.Start(t)
	srv := httptest.NewServer(newDashboardServer(db, "", &env{stdout: io.Discard, stderr: io.Discard}))
	defer srv.Close()
	b.Open(t, srv.URL+"/index.html#index=PCI&comp=TOTAL&units=63&year=2015&tab=table")
	type shown struct {
		Code, Rank, Province, Score, Pctile, Gap, Group string
		ScoreValue                                      float64
	}
	got := browsertest.Eval[[]shown](t, b, `Array.from(document.querySelectorAll('#datatable tbody tr')).map(function(r){var c=function(k){return r.querySelector('[data-col='+k+']')}; return {Code: r.dataset.code, Rank: c('rank').textContent, Province: c('province').textContent, Score: c('score').textContent, ScoreValue: Number(c('score').dataset.value), Pctile: c('pctile').textContent, Gap: c('gap').textContent, Group: c('group').textContent}})`)
	if len(got) != len(want) || len(want) != 63 {
		t.Fatalf("the table shows %d rows, rank gives %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		group := ""
		if w.Group != nil {
			group = *w.Group
		}
		exp := shown{Code: w.ProvinceCode, Rank: fmt.Sprintf("%d/%d", w.Rank, w.NRanked), Province: w.Province,
			Score: fmt.Sprintf("%.2f", w.Score), ScoreValue: w.Score, Pctile: fmt.Sprintf("%.1f", w.Percentile),
			Gap: fmt.Sprintf("%.2f", w.GapToLeader), Group: group}
		if g != exp {
			t.Errorf("row %d: the dashboard shows %+v, cchc rank says %+v", i+1, g, exp)
		}
	}
}

// TestServeIsReadOnlyAndPicksUpARebuiltWarehouse checks the HTTP side of
// serve: GET and HEAD only, no path outside the site, the security headers,
// and a warehouse rebuilt under it served without a restart.
func TestServeIsReadOnlyAndPicksUpARebuiltWarehouse(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	in := filepath.Join(dir, "pci.csv")
	os.WriteFile(in, []byte("province,year,index,component,score\nHà Nội,2019,PCI,TOTAL,68.8\nQuảng Ninh,2019,PCI,TOTAL,73.4\n"), 0o644)
	mustCLI(t, "--db", db, "ingest", in)
	mustCLI(t, "--db", db, "build")
	var stderr bytes.Buffer
	srv := httptest.NewServer(newDashboardServer(db, "", &env{stdout: io.Discard, stderr: &stderr}))
	defer srv.Close()
	get := func(method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/", 200},
		{"GET", "/index.html", 200},
		{"HEAD", "/data/meta.js", 200},
		{"GET", "/assets/vendor/echarts/echarts.min.js", 200},
		{"POST", "/index.html", 405},
		{"PUT", "/index.html", 405},
		{"DELETE", "/data/meta.js", 405},
		{"GET", "/../../etc/passwd", 404},
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", 404},
		{"GET", "/data/..%2f..%2fgo.mod", 404},
		{"GET", "/assets\\..\\..\\go.mod", 404},
		{"GET", "/" + filepath.Base(db), 404},
		{"GET", "/nope.html", 404},
	}
	for _, tc := range tests {
		res, body := get(tc.method, tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.path, res.StatusCode, tc.status)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "http") || strings.Contains(csp, "*") {
			t.Errorf("%s %s: CSP %q, want only 'self'", tc.method, tc.path, csp)
		}
		if tc.method == "HEAD" && body != "" {
			t.Errorf("HEAD %s has a body", tc.path)
		}
		if tc.status == 405 && res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow = %q", tc.method, tc.path, res.Header.Get("Allow"))
		}
	}
	_, meta := get("GET", "/data/meta.js")
	if !strings.Contains(meta, `"loads":1`) {
		t.Fatalf("meta.js = %.300s, want one load", meta)
	}
	// a second file and a rebuild while serve runs
	in2 := filepath.Join(dir, "pci2020.csv")
	os.WriteFile(in2, []byte("province,year,index,component,score\nHà Nội,2020,PCI,TOTAL,69.1\nQuảng Ninh,2020,PCI,TOTAL,72.0\n"), 0o644)
	mustCLI(t, "--db", db, "ingest", in2)
	mustCLI(t, "--db", db, "build")
	_, meta = get("GET", "/data/meta.js")
	if !strings.Contains(meta, `"loads":2`) || !strings.Contains(meta, `"last_year":2020`) {
		t.Errorf("after a rebuild meta.js = %.300s, want two loads and 2020", meta)
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	tests := []struct {
		addr     string
		loopback bool
	}{
		{"127.0.0.1:8080", true},
		{"localhost:8080", true},
		{"[::1]:8080", true},
		{"0.0.0.0:8080", false},
		{":8080", false},
		{"192.168.1.10:8080", false},
	}
	for _, tc := range tests {
		got, err := isLoopback(tc.addr)
		if err != nil || got != tc.loopback {
			t.Errorf("isLoopback(%q) = %v, %v, want %v", tc.addr, got, err, tc.loopback)
		}
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	in := filepath.Join(dir, "pci.csv")
	os.WriteFile(in, []byte("province,year,index,component,score\nHà Nội,2019,PCI,TOTAL,68.8\n"), 0o644)
	mustCLI(t, "--db", db, "ingest", in)
	mustCLI(t, "--db", db, "build")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel() // serve starts, warns and stops after a second
	var out, errb bytes.Buffer
	code := run(ctx, []string{"--db", db, "serve", "--addr", "0.0.0.0:0"}, strings.NewReader(""), &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "is not a loopback address") {
		t.Errorf("serve --addr 0.0.0.0:0: exit %d, stderr %q, want a warning", code, errb.String())
	}
	if _, _, code := cli(t, "--db", db, "serve", "--addr", "nonsense"); code != 2 {
		t.Errorf("serve --addr nonsense: exit %d, want 2", code)
	}
}

// TestDashboardPairsAreThoseOfTheValues recomputes, in the test, Pearson's
// r, Spearman's rho (average ranks) and the least-squares line of two
// measures from the values the scatter plot draws, and compares them with
// what DashboardPairs computes in SQL.
func TestDashboardPairsAreThoseOfTheValues(t *testing.T) {
	out := demoOutput(t)
	db, err := cchc.Open(context.Background(), filepath.Join(out, "demo.duckdb"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := queries.New(db)
	vals, err := q.DashboardValues(context.Background(), "equal")
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := q.DashboardPairs(context.Background(), "equal")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		x, y, units string
		year        int
	}{
		{"PAR", "SIPAS", "63", 2024},
		{"PCI", "PAPI", "63", 2021},
		{"PCI", "training_per_100_cs", "34", 2023},
		{"dossier_on_time", "PAR", "63", 2023},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s x %s %d on %s", tc.x, tc.y, tc.year, tc.units)
		xs := map[string]float64{}
		for _, v := range vals {
			if v.Measure == tc.x && v.Year == tc.year && v.Units == tc.units {
				xs[v.ProvinceCode] = v.Score
			}
		}
		var x, y []float64
		for _, v := range vals {
			if xv, ok := xs[v.ProvinceCode]; ok && v.Measure == tc.y && v.Year == tc.year && v.Units == tc.units {
				x, y = append(x, xv), append(y, v.Score)
			}
		}
		var got *queries.PairRow
		for i, p := range pairs {
			if p.X == tc.x && p.Y == tc.y && p.Year == tc.year && p.Units == tc.units {
				got = &pairs[i]
			}
		}
		if got == nil || len(x) < 3 {
			t.Errorf("%s: no pair (%d common units)", name, len(x))
			continue
		}
		r, slope, intercept := pearson(x, y)
		rho, _, _ := pearson(avgRanks(x), avgRanks(y))
		checks := []struct {
			what      string
			got, want float64
		}{{"n", float64(got.N), float64(len(x))}, {"pearson", *got.Pearson, r}, {"spearman", *got.Spearman, rho},
			{"slope", *got.Slope, slope}, {"intercept", *got.Intercept, intercept},
			{"line at x_min", *got.LineYMin, slope*got.XMin + intercept}}
		for _, c := range checks {
			if diff := c.got - c.want; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("%s: %s = %v, want %v", name, c.what, c.got, c.want)
			}
		}
	}
}

func pearson(x, y []float64) (r, slope, intercept float64) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx, my = mx+x[i]/n, my+y[i]/n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	slope = sxy / sxx
	return sxy / math.Sqrt(sxx*syy), slope, my - slope*mx
}

// avgRanks gives tied values the mean of the ranks they span.
func avgRanks(v []float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		less, equal := 0, 0
		for j := range v {
			switch {
			case v[j] < v[i]:
				less++
			case v[j] == v[i]:
				equal++
			}
		}
		out[i] = float64(less) + float64(equal+1)/2
	}
	return out
}

// TestDashboardChangesSinceAStartYearAndTheirBreaks: the change since a
// start year is the difference of the two scores, and a change across
// PAPI's 2018 break says refuse, across PCI's 2013 break flag.
func TestDashboardChangesSinceAStartYearAndTheirBreaks(t *testing.T) {
	pub := publishedWarehouse(t)
	db, err := cchc.Open(context.Background(), pub, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := queries.New(db)
	tests := []struct {
		index, code string
		start, year int
		wantBreak   string
	}{
		{"PAPI", "22", 2016, 2019, "refuse"},
		{"PAPI", "22", 2019, 2022, ""},
		{"PCI", "01", 2012, 2014, "flag"},
		{"PCI", "01", 2015, 2020, ""},
	}
	for _, tc := range tests {
		scores, err := q.DashboardScores(context.Background(), tc.index, "equal")
		if err != nil {
			t.Fatal(err)
		}
		changes, err := q.DashboardChanges(context.Background(), tc.index, "equal")
		if err != nil {
			t.Fatal(err)
		}
		score := map[int]queries.ScoreRow{}
		for _, s := range scores {
			if s.Component == "TOTAL" && s.Units == "63" && s.ProvinceCode == tc.code {
				score[s.Year] = s
			}
		}
		found := false
		for _, c := range changes {
			if c.Component != "TOTAL" || c.Units != "63" || c.ProvinceCode != tc.code || c.StartYear != tc.start || c.Year != tc.year {
				continue
			}
			found = true
			b, e := score[tc.start], score[tc.year]
			if d := c.ScoreChange - (e.Score - b.Score); d > 1e-9 || d < -1e-9 {
				t.Errorf("%s %s %d→%d: score change %v, scores %v → %v", tc.index, tc.code, tc.start, tc.year, c.ScoreChange, b.Score, e.Score)
			}
			if b.NRanked == e.NRanked && (c.RankChange == nil || *c.RankChange != int64(b.Rank-e.Rank)) {
				t.Errorf("%s %s %d→%d: rank change %v, ranks %d → %d", tc.index, tc.code, tc.start, tc.year, c.RankChange, b.Rank, e.Rank)
			}
			if c.CrossesBreak != tc.wantBreak {
				t.Errorf("%s %s %d→%d: crosses_break %q, want %q", tc.index, tc.code, tc.start, tc.year, c.CrossesBreak, tc.wantBreak)
			}
		}
		if !found {
			t.Errorf("%s %s: no change %d→%d", tc.index, tc.code, tc.start, tc.year)
		}
	}
}
