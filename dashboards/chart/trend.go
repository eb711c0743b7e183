package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Point is one year of a series.
type Point struct {
	Year      int
	Value     float64
	Estimated bool   // drawn with a hollow marker and a dashed line into it
	Label     string // optional text at the point, e.g. "12/34"
}

// Series is one province's line.
type Series struct {
	Name   string
	Points []Point // in year order; missing years are gaps
}

// TrendSpec describes a line chart of a few provinces over years.
type TrendSpec struct {
	Title, Subtitle string
	Notes           []string
	ValueLabel      string
	Decimals        int
	Series          []Series
	BreakYear       int // a vertical marker before this year (e.g. 2025, the merger); 0 for none
	BreakLabel      string
	Width, Height   int // default 1000 x 560
}

var palette = []drawing.Color{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, {R: 0xd9, G: 0x5f, B: 0x0e, A: 0xff}, {R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, {R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, {R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
}

// RenderTrend writes a line chart: one line per series, estimated points
// hollow and joined by dashed segments, a legend and notes under it.
func RenderTrend(w io.Writer, f Format, s TrendSpec) error {
	minY, maxY, minX, maxX := math.Inf(1), math.Inf(-1), math.MaxInt, math.MinInt
	n := 0
	for _, se := range s.Series {
		for _, p := range se.Points {
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
				return fmt.Errorf("giá trị không hợp lệ / invalid value for %q %d", se.Name, p.Year)
			}
			minY, maxY = math.Min(minY, p.Value), math.Max(maxY, p.Value)
			minX, maxX = min(minX, p.Year), max(maxX, p.Year)
			n++
		}
	}
	if n == 0 {
		return ErrNoData
	}
	if maxX == minX {
		minX, maxX = minX-1, maxX+1
	}
	pad := (maxY - minY) * 0.15
	if pad == 0 {
		pad = 1
	}
	step := niceStep((maxY - minY + 2*pad) / 5)
	lo, hi := math.Floor((minY-pad)/step)*step, math.Ceil((maxY+pad)/step)*step
	width, height := s.Width, s.Height
	if width <= 0 {
		width = 1000
	}
	if height <= 0 {
		height = 560
	}
	notesH := len(s.Notes)*noteLineH + 10
	legendH := 22
	c, err := newCanvas(f, width, height+notesH+legendH)
	if err != nil {
		return err
	}
	c.rect(0, 0, width, height+notesH+legendH, colorWhite)
	c.text(s.Title, marginSide, 26, 15, colorText)
	if s.Subtitle != "" {
		c.text(s.Subtitle, marginSide, 48, 11, colorMuted)
	}
	left, right, top, bottom := 70, width-130, 80, height-56
	sx := func(year float64) int {
		return left + int(math.Round((year-float64(minX))/float64(maxX-minX)*float64(right-left)))
	}
	sy := func(v float64) int { return bottom - int(math.Round((v-lo)/(hi-lo)*float64(bottom-top))) }
	for _, t := range ticks(lo, hi) {
		y := sy(t)
		c.line(left, y, right, y, colorGrid, 1, nil)
		lbl := formatValue(t, tickDecimals(lo, hi))
		c.text(lbl, left-8-c.measure(lbl, 9), y+3, 9, colorMuted)
	}
	for yr := minX; yr <= maxX; yr++ {
		x := sx(float64(yr))
		c.line(x, bottom, x, bottom+4, colorMuted, 1, nil)
		lbl := strconv.Itoa(yr)
		c.text(lbl, x-c.measure(lbl, 9)/2, bottom+16, 9, colorMuted)
	}
	c.line(left, bottom, right, bottom, colorMuted, 1, nil)
	if s.ValueLabel != "" {
		c.text(s.ValueLabel, left, top-10, 9, colorMuted)
	}
	if s.BreakYear > minX && s.BreakYear <= maxX {
		x := sx(float64(s.BreakYear) - 0.5)
		c.line(x, top, x, bottom, colorMuted, 1, []float64{4, 4})
		c.text(s.BreakLabel, x-4-c.measure(s.BreakLabel, 9), top+10, 9, colorMuted)
	}
	for i, se := range s.Series {
		col := palette[i%len(palette)]
		for j := 1; j < len(se.Points); j++ {
			a, b := se.Points[j-1], se.Points[j]
			if b.Year != a.Year+1 {
				continue
			}
			var dash []float64
			if a.Estimated || b.Estimated {
				dash = []float64{6, 4}
			}
			c.line(sx(float64(a.Year)), sy(a.Value), sx(float64(b.Year)), sy(b.Value), col, 2, dash)
		}
		for _, p := range se.Points {
			x, y := sx(float64(p.Year)), sy(p.Value)
			if p.Estimated {
				c.circle(x, y, 4, colorWhite, col)
			} else {
				c.circle(x, y, 4, col, col)
			}
			lbl := formatValue(p.Value, s.Decimals)
			if p.Label != "" {
				lbl += " (" + p.Label + ")"
			}
			c.text(lbl, x+6, y-6, 8.5, col)
		}
	}
	// legend
	x := left
	ly := height - 10
	for i, se := range s.Series {
		col := palette[i%len(palette)]
		c.line(x, ly-4, x+18, ly-4, col, 2, nil)
		c.circle(x+9, ly-4, 4, col, col)
		c.text(se.Name, x+24, ly, 10, colorText)
		x += 24 + c.measure(se.Name, 10) + 24
	}
	c.circle(x+9, ly-4, 4, colorWhite, colorMuted)
	c.line(x+22, ly-4, x+40, ly-4, colorMuted, 2, []float64{6, 4})
	est := "ước tính / estimated"
	c.text(est, x+46, ly, 10, colorMuted)
	y := height + legendH
	for _, note := range s.Notes {
		c.text(note, marginSide, y, 10, colorMuted)
		y += noteLineH
	}
	return c.r.Save(w)
}

// canvas wraps a go-chart renderer with the few primitives the charts use;
// text is NFC-normalised and, for SVG, escaped.
type canvas struct {
	r gochart.Renderer
	f Format
}

func newCanvas(f Format, w, h int) (*canvas, error) {
	var r gochart.Renderer
	var err error
	switch f {
	case PNG:
		r, err = gochart.PNG(w, h)
	case SVG:
		r, err = gochart.SVG(w, h)
	default:
		return nil, fmt.Errorf("định dạng biểu đồ không hỗ trợ / unsupported chart format %d", f)
	}
	if err != nil {
		return nil, err
	}
	font, err := gochart.GetDefaultFont()
	if err != nil {
		return nil, err
	}
	r.SetFont(font)
	return &canvas{r: r, f: f}, nil
}

func (c *canvas) text(body string, x, y int, size float64, col drawing.Color) {
	c.r.SetFontSize(size)
	c.r.SetFontColor(col)
	c.r.Text(prepareText(body, c.f), x, y)
}

func (c *canvas) measure(body string, size float64) int {
	c.r.SetFontSize(size)
	return c.r.MeasureText(prepareText(body, PNG)).Width()
}

func (c *canvas) rect(x0, y0, x1, y1 int, col drawing.Color) {
	c.r.SetFillColor(col)
	c.r.SetStrokeColor(col)
	c.r.SetStrokeWidth(0)
	c.r.MoveTo(x0, y0)
	c.r.LineTo(x1, y0)
	c.r.LineTo(x1, y1)
	c.r.LineTo(x0, y1)
	c.r.LineTo(x0, y0)
	c.r.Close()
	c.r.Fill()
}

func (c *canvas) line(x0, y0, x1, y1 int, col drawing.Color, width float64, dash []float64) {
	c.r.SetStrokeColor(col)
	c.r.SetStrokeWidth(width)
	c.r.SetStrokeDashArray(dash)
	c.r.MoveTo(x0, y0)
	c.r.LineTo(x1, y1)
	c.r.Stroke()
	c.r.SetStrokeDashArray(nil)
}

func (c *canvas) circle(x, y int, radius float64, fill, stroke drawing.Color) {
	c.r.SetFillColor(fill)
	c.r.SetStrokeColor(stroke)
	c.r.SetStrokeWidth(2)
	c.r.Circle(radius, x, y)
	c.r.FillStroke()
}
