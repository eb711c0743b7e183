package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite golden files")

var provinces63 = []string{"Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái",
	"Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng",
	"Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
	"Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum",
	"Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh",
	"Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang",
	"Sóc Trăng", "Bạc Liêu", "Cà Mau"}

func spec63() RankSpec {
	s := RankSpec{Title: "PCI 2019 — xếp hạng / ranking", Subtitle: "63 tỉnh/thành", ValueLabel: "Điểm / score", Decimals: 2,
		Notes: []string{"Nguồn: dữ liệu minh họa / Source: illustrative data"}}
	for i, p := range provinces63 {
		s.Bars = append(s.Bars, Bar{Label: p, Value: 73.5 - float64(i)*0.29, RankText: strconv.Itoa(i + 1), Highlight: p == "Quảng Ninh" || p == "Hà Nội"})
	}
	return s
}

func render(t *testing.T, f Format, s RankSpec) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderRank(&b, f, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// svgTexts returns the text of every <text> element, checking the SVG is valid XML.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not valid XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
		}
	}
	return texts
}

func TestSVGHasEveryLabelAndValue(t *testing.T) {
	texts := strings.Join(svgTexts(t, render(t, SVG, spec63())), "\n")
	for _, p := range provinces63 {
		if !strings.Contains(texts, norm.NFC.String(p)) {
			t.Errorf("SVG lacks the label %q", p)
		}
	}
	for _, v := range []string{"73.50", "55.52", "illustrative data", "PCI 2019"} {
		if !strings.Contains(texts, v) {
			t.Errorf("SVG lacks %q", v)
		}
	}
}

func TestSVGEscapesLabels(t *testing.T) {
	s := spec63()
	s.Bars[0].Label = `A & B <x> "q"`
	s.Title = "<script>alert(1)</script>"
	svg := render(t, SVG, s)
	texts := svgTexts(t, svg)
	found := false
	for _, x := range texts {
		if x == `A & B <x> "q"` {
			found = true
		}
	}
	if !found {
		t.Errorf("escaped label not found after XML decoding")
	}
	if bytes.Contains(svg, []byte("<script>")) {
		t.Error("SVG contains an unescaped <script>")
	}
}

func TestPNGDecodesAndGrowsWithBars(t *testing.T) {
	heights := map[int]int{}
	for _, n := range []int{1, 10, 63} {
		s := spec63()
		s.Bars = s.Bars[:n]
		img, err := png.Decode(bytes.NewReader(render(t, PNG, s)))
		if err != nil {
			t.Fatalf("%d bars: %v", n, err)
		}
		heights[n] = img.Bounds().Dy()
		if img.Bounds().Dx() != 1000 {
			t.Errorf("width %d, want 1000", img.Bounds().Dx())
		}
	}
	if !(heights[1] < heights[10] && heights[10] < heights[63]) {
		t.Errorf("heights %v do not grow with the number of bars", heights)
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	for _, f := range []Format{PNG, SVG} {
		if !bytes.Equal(render(t, f, spec63()), render(t, f, spec63())) {
			t.Errorf("format %d: two renders differ", f)
		}
	}
}

func TestGoldenSVG(t *testing.T) {
	s := spec63()
	s.Bars = s.Bars[:5]
	got := render(t, SVG, s)
	path := filepath.Join("testdata", "golden", "rank5.svg")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dashboards/chart -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SVG differs from %s (run with -update if the change is intended)", path)
	}
}

func TestErrors(t *testing.T) {
	if err := RenderRank(io.Discard, SVG, RankSpec{}); !errors.Is(err, ErrNoData) {
		t.Errorf("no bars: %v", err)
	}
	for path, want := range map[string]Format{"a.png": PNG, "B.SVG": SVG} {
		if f, err := FormatFromPath(path); err != nil || f != want {
			t.Errorf("FormatFromPath(%s) = %v, %v", path, f, err)
		}
	}
	if _, err := FormatFromPath("a.pdf"); err == nil {
		t.Error("FormatFromPath(a.pdf) succeeded")
	}
}

func TestTrendDrawsEstimatedPointsHollowAndDashed(t *testing.T) {
	s := TrendSpec{Title: "PCI — Phú Thọ & <Hải Phòng>", Decimals: 2, BreakYear: 2025, BreakLabel: "sáp nhập / merger",
		Notes: []string{"Điểm rỗng: ước tính / hollow: estimated"}}
	for i, name := range []string{"Phú Thọ", "Hải Phòng"} {
		s.Series = append(s.Series, Series{Name: name, Points: []Point{
			{Year: 2023, Value: 64 + float64(i), Estimated: true, Label: "7/34"},
			{Year: 2024, Value: 65 + float64(i), Estimated: true, Label: "5/34"},
			{Year: 2025, Value: 66 + float64(i), Label: "3/34"},
		}})
	}
	svg := string(render2(t, SVG, s))
	texts := strings.Join(svgTexts(t, []byte(svg)), "\n")
	for _, want := range []string{"Phú Thọ", "Hải Phòng", "PCI — Phú Thọ & <Hải Phòng>", "64.00 (7/34)", "67.00 (3/34)", "sáp nhập / merger", "ước tính"} {
		if !strings.Contains(texts, want) {
			t.Errorf("trend SVG lacks %q", want)
		}
	}
	hollow := len(regexp.MustCompile(`<circle [^>]*fill:rgba\(255,255,255,1\.0\)"/>`).FindAllString(svg, -1))
	// 4 estimated points + the legend's hollow marker
	if hollow != 5 {
		t.Errorf("%d hollow markers, want 5", hollow)
	}
	// 2 segments per series touch an estimated point, + the legend's dashed line
	if dashed := strings.Count(svg, `stroke-dasharray="6.0, 4.0"`); dashed != 5 {
		t.Errorf("%d dashed segments, want 5", dashed)
	}
	if _, err := png.Decode(bytes.NewReader(render2(t, PNG, s))); err != nil {
		t.Errorf("trend PNG: %v", err)
	}
	if err := RenderTrend(io.Discard, PNG, TrendSpec{}); !errors.Is(err, ErrNoData) {
		t.Errorf("empty trend: %v", err)
	}
}

func render2(t *testing.T, f Format, s TrendSpec) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderTrend(&b, f, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
