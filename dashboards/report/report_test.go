package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cchc"
	"cchc/data"
	"cchc/models"
	"cchc/queries"
)

// fixture builds the queries' fixture warehouse with PAPI's confidence
// bounds and its 2018 break (queries/testdata/report_fixture.sql).
func fixture(t *testing.T) *queries.Queries {
	t.Helper()
	ctx := context.Background()
	db, err := cchc.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := cchc.EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fixture.sql", "report_fixture.sql"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "queries", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(b)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if _, err := models.Build(ctx, db, data.MustLoad()); err != nil {
		t.Fatal(err)
	}
	return queries.New(db)
}

func narrative(t *testing.T, q *queries.Queries, l Lang, s queries.ReportScope) string {
	t.Helper()
	d, err := Load(context.Background(), q, s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(National(l, d).Text(), "\n")
}

// TestNoChangeAcrossTheBreak: PAPI changed its method in 2018; the 2018
// report states no change of score, rank or percentile on 2017, and says why.
func TestNoChangeAcrossTheBreak(t *testing.T) {
	q := fixture(t)
	s := queries.ReportScope{Year: 2018, Units: "63", Weights: "equal"}
	vi := narrative(t, q, VI, s)
	for _, want := range []string{
		"Năm 2018, Hà Nội dẫn đầu PAPI với 45,00 điểm; không so sánh với năm 2017 vì PAPI đổi phương pháp năm 2018.",
		"Không nêu thay đổi so với năm 2017: PAPI đổi phương pháp năm 2018, điểm và thứ hạng hai năm không so sánh được.",
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("missing %q in\n%s", want, vi)
		}
	}
	for _, bad := range []string{"bậc so với năm 2017", "vị trí phân vị tăng", "vị trí phân vị giảm", "giữ nguyên vị trí phân vị", "Tăng thứ hạng", "Tăng vị trí phân vị", "trung vị 36"} {
		if strings.Contains(vi, bad) {
			t.Errorf("states a change across the break (%q):\n%s", bad, vi)
		}
	}
	en := narrative(t, q, EN, s)
	if !strings.Contains(en, "not compared with 2017 because PAPI changed its method in 2018") || strings.Contains(en, "places on 2017") {
		t.Errorf("English narrative:\n%s", en)
	}
}

// TestConfidenceIntervals: the 2023 leader's interval overlaps the
// second's, and Hà Nội's change on 2022 lies inside both years' intervals:
// both are called not statistically distinguishable; Quảng Ninh's rise,
// outside them, is stated plainly.
func TestConfidenceIntervals(t *testing.T) {
	q := fixture(t)
	s := queries.ReportScope{Year: 2023, Units: "63", Weights: "equal"}
	vi := narrative(t, q, VI, s)
	for _, want := range []string{
		"Năm 2023, Hà Nội dẫn đầu PAPI với 45,00 điểm, giữ nguyên thứ hạng so với năm 2022; thay đổi điểm số nằm trong khoảng tin cậy 95% của hai năm nên không khác biệt có ý nghĩa thống kê.",
		"Khoảng tin cậy 95% của Hà Nội và Quảng Ninh (xếp thứ hai) giao nhau: hai địa phương không khác biệt có ý nghĩa thống kê.",
		"Tăng thứ hạng nhiều nhất so với năm 2022: Quảng Ninh (+1 bậc).",
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("missing %q in\n%s", want, vi)
		}
	}
	en := narrative(t, q, EN, s)
	if !strings.Contains(en, "The 95% confidence intervals of Ha Noi and Quang Ninh (second) overlap: the two are not statistically distinguishable.") {
		t.Errorf("English narrative:\n%s", en)
	}
}

// TestEstimatesCalledEstimates: on the 34-unit map, 2023 scores are
// weighted means of the former provinces, and the report says so.
func TestEstimatesCalledEstimates(t *testing.T) {
	q := fixture(t)
	vi := narrative(t, q, VI, queries.ReportScope{Year: 2023, Units: "34", Weights: "equal"})
	for _, want := range []string{
		"Điểm PAPI năm 2023 trên bản đồ 34 đơn vị là ước tính (bình quân có trọng số của các tỉnh cũ, trọng số equal), không phải số công bố.",
		"Xếp cuối trong 3 đơn vị là Bắc Ninh với 39,00 điểm (ước tính);",
		"Năm 2023, kho dữ liệu có điểm tổng của PAPI, PCI trên bản đồ 34 đơn vị.",
		"Trên bản đồ 34 đơn vị, điểm các năm trước sáp nhập 2025 là ước tính",
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("missing %q in\n%s", want, vi)
		}
	}
}

// TestMissingUnitsNamed: the units of the map with no score are named.
func TestMissingUnitsNamed(t *testing.T) {
	q := fixture(t)
	vi := narrative(t, q, VI, queries.ReportScope{Year: 2023, Units: "63", Weights: "equal"})
	if !regexp.MustCompile(`Không có điểm PAPI năm 2023 của 59 tỉnh/thành: An Giang, Bà Rịa - Vũng Tàu, .*Yên Bái\.`).MatchString(vi) {
		t.Errorf("missing provinces not named:\n%s", vi)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		v    float64
		dec  int
		want string
	}{
		{VI, 46.04, 2, "46,04"}, {EN, 46.04, 2, "46.04"}, {VI, 37000, 0, "37.000"}, {EN, 37000, 0, "37,000"},
		{VI, 1852203, 0, "1.852.203"}, {VI, -0.001, 2, "0,00"}, {VI, -12345.678, 1, "-12.345,7"}, {EN, 999.996, 2, "1,000.00"},
	} {
		if got := c.l.Num(c.v, c.dec); got != c.want {
			t.Errorf("%s Num(%v, %d) = %q, want %q", c.l, c.v, c.dec, got, c.want)
		}
	}
	if got := VI.Pct(91.43, 2); got != "91,43%" {
		t.Errorf("Pct = %q", got)
	}
	if got := VI.Signed(0.004, 2); got != "0,00" {
		t.Errorf("Signed(0.004) = %q, want no sign on zero", got)
	}
}

// TestHTMLSelfContained: the HTML fetches nothing: no script, no link, no
// external URL; links stay inside the file; every text is escaped.
func TestHTMLSelfContained(t *testing.T) {
	q := fixture(t)
	d, err := Load(context.Background(), q, queries.ReportScope{Year: 2023, Units: "63", Weights: "equal"})
	if err != nil {
		t.Fatal(err)
	}
	doc := National(VI, d)
	doc.Sections[0].P(`<script>alert("x")</script> & Đắk Lắk`)
	var b bytes.Buffer
	if err := doc.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "http://", "https://", "@import"} {
		if i := strings.Index(strings.ReplaceAll(h, `xmlns="http://www.w3.org/2000/svg"`, ""), bad); i >= 0 {
			t.Errorf("the HTML holds %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("link out of the file: %s", m[1])
		}
	}
	if !strings.Contains(h, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Đắk Lắk") {
		t.Error("paragraph text not escaped")
	}
	if strings.Count(h, "<svg") < 3 || !strings.Contains(h, "font-family:Roboto;src:url(data:font/ttf;base64,") {
		t.Error("charts or the embedded font missing")
	}
}

// TestOldWarehouseSaysBuild: marts built by an older cchc (no
// marts.mart_regions) give the one clear line, not a binder error.
func TestOldWarehouseSaysBuild(t *testing.T) {
	ctx := context.Background()
	db, err := cchc.Open(ctx, filepath.Join(t.TempDir(), "old.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := cchc.EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Build(ctx, db, data.MustLoad()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `drop table marts.mart_regions`); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, queries.New(db), queries.ReportScope{Year: 2023, Units: "63", Weights: "equal"}); !errors.Is(err, queries.ErrReportNotReady) {
		t.Errorf("error = %v, want ErrReportNotReady", err)
	}
}
