package chart

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderMonthlySVGDrawsTwelveMonthsAndEscapesText(t *testing.T) {
	spec := MonthlySpec{
		Title:     "Đào tạo, bồi dưỡng 2021 — Quảng Ninh & <Hạ Long>",
		BarLabel:  "Lượt học viên / attendances",
		LineLabel: "Số lớp / classes",
		Months:    []Month{{Month: 3, Classes: 42, Attendances: 37000}, {Month: 10, Classes: 7, Attendances: 512}},
	}
	var buf bytes.Buffer
	if err := RenderMonthly(&buf, SVG, spec); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"Quảng Ninh &amp; &lt;Hạ Long&gt;", ">37.000<", ">512<", ">42<", ">T1<", ">T12<", "Số lớp / classes"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "<Hạ Long>") {
		t.Error("SVG text is not escaped")
	}
	var png bytes.Buffer
	if err := RenderMonthly(&png, PNG, spec); err != nil || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Errorf("PNG: %v", err)
	}
}

func TestRenderMonthlyRejectsBadInput(t *testing.T) {
	if err := RenderMonthly(&bytes.Buffer{}, SVG, MonthlySpec{}); !errors.Is(err, ErrNoData) {
		t.Errorf("no months: %v, want ErrNoData", err)
	}
	for _, m := range []Month{{Month: 13, Classes: 1, Attendances: 1}, {Month: 2, Classes: -1, Attendances: 1}} {
		if err := RenderMonthly(&bytes.Buffer{}, SVG, MonthlySpec{Months: []Month{m}}); err == nil {
			t.Errorf("month %+v rendered", m)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1.000", 37000: "37.000", 1234567: "1.234.567"} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestGoldenMonthlySVG(t *testing.T) {
	spec := MonthlySpec{
		Title:     "Đào tạo, bồi dưỡng 2021 — Quảng Ninh",
		Subtitle:  "Lớp và lượt học viên theo tháng khai giảng / classes and attendances by start month",
		BarLabel:  "Lượt học viên / attendances",
		LineLabel: "Số lớp / classes",
		Notes:     []string{"Nguồn: dữ liệu minh họa / Source: illustrative data"},
	}
	for m, n := range []float64{20, 17, 54, 51, 61, 34, 36, 52, 52, 70, 64, 29} {
		spec.Months = append(spec.Months, Month{Month: m + 1, Classes: n, Attendances: n * 73})
	}
	var buf bytes.Buffer
	if err := RenderMonthly(&buf, SVG, spec); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	RenderMonthly(&again, SVG, spec)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renders differ")
	}
	path := filepath.Join("testdata", "golden", "monthly.svg")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dashboards/chart -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("SVG differs from %s (run with -update if the change is intended)", path)
	}
}
