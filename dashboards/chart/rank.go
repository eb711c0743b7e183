// Package chart renders ranked comparative charts as PNG or SVG from rows it
// is given; it never sees SQL. It wraps github.com/wcharczuk/go-chart/v2
// (archived upstream) and draws the bars itself with go-chart's renderers,
// which avoids the library's horizontal-bar and label-wrapping traps.
package chart

import (
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"path/filepath"
	"strings"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/text/unicode/norm"
)

// Format is an output format.
type Format int

// Output formats.
const (
	PNG Format = iota + 1
	SVG
)

// FormatFromPath returns the format named by a file's extension.
func FormatFromPath(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return 0, fmt.Errorf("định dạng biểu đồ không hỗ trợ / unsupported chart format: %q (dùng .png hoặc .svg / use .png or .svg)", path)
}

// Bar is one province in a ranked chart.
type Bar struct {
	Label     string  // province name, Vietnamese
	Value     float64 // the score
	RankText  string  // printed left of the label: "1", "=5", "12/63"
	Highlight bool    // drawn in a contrasting colour
	Mark      string  // short suffix after the value, e.g. "*"
}

// RankSpec describes a horizontal ranked bar chart.
type RankSpec struct {
	Title      string
	Subtitle   string
	Notes      []string // printed under the chart
	ValueLabel string   // axis caption
	Decimals   int
	Min, Max   float64 // value range; Max <= Min means computed from the data
	Bars       []Bar   // top to bottom
	Width      int     // pixels, default 1000
}

// ErrNoData is returned for a chart without bars.
var ErrNoData = errors.New("không có dữ liệu để vẽ / no data to chart")

var (
	colorBar       = drawing.Color{R: 0x4a, G: 0x7f, B: 0xb5, A: 0xff}
	colorHighlight = drawing.Color{R: 0xd9, G: 0x5f, B: 0x0e, A: 0xff}
	colorText      = drawing.Color{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colorMuted     = drawing.Color{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	colorGrid      = drawing.Color{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
	colorWhite     = drawing.Color{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

const (
	rowHeight  = 20
	headerH    = 78
	axisH      = 34
	noteLineH  = 18
	marginSide = 16
)

// RenderRank writes a horizontal ranked bar chart.
func RenderRank(w io.Writer, f Format, s RankSpec) error {
	if len(s.Bars) == 0 {
		return ErrNoData
	}
	if f != PNG && f != SVG {
		return fmt.Errorf("định dạng biểu đồ không hỗ trợ / unsupported chart format %d", f)
	}
	for _, b := range s.Bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
			return fmt.Errorf("giá trị không hợp lệ / invalid value for %q", b.Label)
		}
	}
	width := s.Width
	if width <= 0 {
		width = 1000
	}
	lo, hi := valueRange(s)
	height := headerH + len(s.Bars)*rowHeight + axisH + len(s.Notes)*noteLineH + 16

	var r gochart.Renderer
	var err error
	if f == PNG {
		r, err = gochart.PNG(width, height)
	} else {
		r, err = gochart.SVG(width, height)
	}
	if err != nil {
		return err
	}
	font, err := gochart.GetDefaultFont()
	if err != nil {
		return err
	}
	r.SetFont(font)
	text := func(body string, x, y int, size float64, c drawing.Color) {
		r.SetFontSize(size)
		r.SetFontColor(c)
		r.Text(prepareText(body, f), x, y)
	}
	measure := func(body string, size float64) int {
		r.SetFontSize(size)
		return r.MeasureText(norm.NFC.String(body)).Width()
	}
	rect := func(x0, y0, x1, y1 int, c drawing.Color) {
		r.SetFillColor(c)
		r.SetStrokeColor(c)
		r.SetStrokeWidth(0)
		r.MoveTo(x0, y0)
		r.LineTo(x1, y0)
		r.LineTo(x1, y1)
		r.LineTo(x0, y1)
		r.LineTo(x0, y0)
		r.Close()
		r.Fill()
	}
	line := func(x0, y0, x1, y1 int, c drawing.Color, wdt float64) {
		r.SetStrokeColor(c)
		r.SetStrokeWidth(wdt)
		r.MoveTo(x0, y0)
		r.LineTo(x1, y1)
		r.Stroke()
	}

	rect(0, 0, width, height, colorWhite)
	text(s.Title, marginSide, 26, 15, colorText)
	if s.Subtitle != "" {
		text(s.Subtitle, marginSide, 48, 11, colorMuted)
	}

	// Columns: rank | label | bars | value label.
	const fontSize = 10.0
	rankW, labelW, valueW := 0, 0, 0
	for _, b := range s.Bars {
		rankW = max(rankW, measure(b.RankText, fontSize))
		labelW = max(labelW, measure(b.Label, fontSize))
		valueW = max(valueW, measure(formatValue(b.Value, s.Decimals)+b.Mark, fontSize))
	}
	xRank := marginSide + rankW
	xLabel := xRank + 10
	x0 := xLabel + labelW + 10
	x1 := width - marginSide - valueW - 8
	if x1-x0 < 100 {
		return fmt.Errorf("biểu đồ quá hẹp cho nhãn / chart too narrow for its labels (width %d)", width)
	}
	scale := func(v float64) int {
		return x0 + int(math.Round((v-lo)/(hi-lo)*float64(x1-x0)))
	}
	top := headerH
	bottom := top + len(s.Bars)*rowHeight

	// grid and axis ticks
	for _, t := range ticks(lo, hi) {
		x := scale(t)
		line(x, top-4, x, bottom, colorGrid, 1)
		lbl := formatValue(t, tickDecimals(lo, hi))
		text(lbl, x-measure(lbl, 9)/2, bottom+14, 9, colorMuted)
	}
	if s.ValueLabel != "" {
		text(s.ValueLabel, x1-measure(s.ValueLabel, 9), bottom+28, 9, colorMuted)
	}

	for i, b := range s.Bars {
		yTop := top + i*rowHeight
		yText := yTop + rowHeight/2 + 4
		c, tc := colorBar, colorText
		if b.Highlight {
			c, tc = colorHighlight, colorHighlight
			rect(marginSide-6, yTop+1, width-marginSide+6, yTop+rowHeight-1, drawing.Color{R: 0xfd, G: 0xef, B: 0xe3, A: 0xff})
		}
		text(b.RankText, xRank-measure(b.RankText, fontSize), yText, fontSize, colorMuted)
		text(b.Label, xLabel, yText, fontSize, tc)
		xv := scale(b.Value)
		if xv > x0 {
			rect(x0, yTop+3, xv, yTop+rowHeight-3, c)
		}
		text(formatValue(b.Value, s.Decimals)+b.Mark, max(xv, x0)+4, yText, fontSize, tc)
	}
	line(x0, top-4, x0, bottom, colorMuted, 1)

	y := bottom + axisH + 4
	for _, n := range s.Notes {
		text(n, marginSide, y, 10, colorMuted)
		y += noteLineH
	}
	return r.Save(w)
}

// prepareText NFC-normalises a label and escapes it for SVG, whose
// go-chart writer does not escape text.
func prepareText(s string, f Format) string {
	s = norm.NFC.String(s)
	if f == SVG {
		s = html.EscapeString(s)
	}
	return s
}

func formatValue(v float64, dec int) string {
	return fmt.Sprintf("%.*f", max(dec, 0), v)
}

// valueRange returns the axis range: the spec's, or 0 (or the minimum if
// negative) to a rounded maximum.
func valueRange(s RankSpec) (float64, float64) {
	if s.Max > s.Min {
		return s.Min, s.Max
	}
	lo, hi := 0.0, math.Inf(-1)
	for _, b := range s.Bars {
		lo = math.Min(lo, b.Value)
		hi = math.Max(hi, b.Value)
	}
	if hi <= lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / 5)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step
}

func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func ticks(lo, hi float64) []float64 {
	step := niceStep((hi - lo) / 5)
	var out []float64
	for t := math.Ceil(lo/step) * step; t <= hi+step/1e6; t += step {
		out = append(out, t)
	}
	return out
}

func tickDecimals(lo, hi float64) int {
	step := niceStep((hi - lo) / 5)
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step)))
}
