package chart

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/roboto"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// A Canvas is a chart as vector primitives (rectangles, lines, circles and
// text), in abstract units with the origin at the top left. The report's
// charts are drawn once onto a Canvas and written twice: as inline SVG for
// HTML and onto a PDF page (dashboards/report), so both show the same chart.
type Canvas struct {
	W, H  float64
	Items []Item
}

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Hex is the colour as #rrggbb.
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// None is no fill or no stroke.
var None = RGB{1, 2, 3}

// Item is one primitive of a Canvas.
type Item interface{ isItem() }

// Rect is a filled (and optionally stroked) rectangle.
type Rect struct {
	X, Y, W, H  float64
	Fill        RGB
	Stroke      RGB
	StrokeWidth float64
}

// Line is a straight segment; Dash > 0 draws it dashed.
type Line struct {
	X1, Y1, X2, Y2 float64
	Color          RGB
	Width, Dash    float64
}

// Circle is a filled or hollow circle.
type Circle struct {
	X, Y, R     float64
	Fill        RGB
	Stroke      RGB
	StrokeWidth float64
}

// Anchor is where a text's X falls: its start, middle or end.
type Anchor int

// Text anchors.
const (
	Start Anchor = iota
	Middle
	End
)

// Text is one line of text; Y is its baseline. Rotate turns it (degrees,
// counter-clockwise) about (X, Y).
type Text struct {
	X, Y   float64
	S      string
	Size   float64
	Color  RGB
	Anchor Anchor
	Rotate float64
}

func (Rect) isItem()   {}
func (Line) isItem()   {}
func (Circle) isItem() {}
func (Text) isItem()   {}

// Rect adds a rectangle.
func (c *Canvas) Rect(x, y, w, h float64, fill RGB) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	c.Items = append(c.Items, Rect{X: x, Y: y, W: w, H: h, Fill: fill, Stroke: None})
}

// Line adds a solid line.
func (c *Canvas) Line(x1, y1, x2, y2 float64, col RGB, width float64) {
	c.Items = append(c.Items, Line{X1: x1, Y1: y1, X2: x2, Y2: y2, Color: col, Width: width})
}

// Dashed adds a dashed line.
func (c *Canvas) Dashed(x1, y1, x2, y2 float64, col RGB, width float64) {
	c.Items = append(c.Items, Line{X1: x1, Y1: y1, X2: x2, Y2: y2, Color: col, Width: width, Dash: 4})
}

// Dot adds a filled circle.
func (c *Canvas) Dot(x, y, r float64, fill RGB) {
	c.Items = append(c.Items, Circle{X: x, Y: y, R: r, Fill: fill, Stroke: None})
}

// Ring adds a hollow circle.
func (c *Canvas) Ring(x, y, r float64, stroke RGB) {
	c.Items = append(c.Items, Circle{X: x, Y: y, R: r, Fill: white, Stroke: stroke, StrokeWidth: 1.2})
}

// Text adds text, NFC-normalised.
func (c *Canvas) Text(x, y float64, s string, size float64, col RGB, a Anchor) {
	c.Items = append(c.Items, Text{X: x, Y: y, S: norm.NFC.String(s), Size: size, Color: col, Anchor: a})
}

// TextRotated adds text turned by deg degrees counter-clockwise about (x, y).
func (c *Canvas) TextRotated(x, y float64, s string, size float64, col RGB, a Anchor, deg float64) {
	c.Items = append(c.Items, Text{X: x, Y: y, S: norm.NFC.String(s), Size: size, Color: col, Anchor: a, Rotate: deg})
}

// FontFamily is the CSS font list the SVG names; the report's HTML embeds
// Roboto, the font the PDF embeds and TextWidth measures.
const FontFamily = "Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

var (
	fontOnce sync.Once
	font     *truetype.Font
)

// TextWidth is the width of s set in Roboto at size.
func TextWidth(s string, size float64) float64 {
	fontOnce.Do(func() {
		f, err := truetype.Parse(roboto.Roboto)
		if err != nil {
			panic(err) // the embedded font; a test draws with it
		}
		font = f
	})
	em := fixed.Int26_6(font.FUnitsPerEm())
	var w fixed.Int26_6
	for _, r := range norm.NFC.String(s) {
		w += font.HMetric(em, font.Index(r)).AdvanceWidth
	}
	return float64(w) / float64(em) * size
}

// Fit cuts s to at most width at size, with an ellipsis when cut.
func Fit(s string, size, width float64) string {
	if TextWidth(s, size) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && TextWidth(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// WriteSVG writes the canvas as a standalone SVG element, every text escaped.
func (c *Canvas) WriteSVG(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" font-family="%s">`,
		num(c.W), num(c.H), num(c.W), num(c.H), html.EscapeString(FontFamily))
	for _, it := range c.Items {
		switch v := it.(type) {
		case Rect:
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, num(v.X), num(v.Y), num(v.W), num(v.H), paint(v.Fill), stroke(v.Stroke, v.StrokeWidth))
		case Line:
			dash := ""
			if v.Dash > 0 {
				dash = fmt.Sprintf(` stroke-dasharray="%s %s"`, num(v.Dash), num(v.Dash))
			}
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`, num(v.X1), num(v.Y1), num(v.X2), num(v.Y2), v.Color.Hex(), num(v.Width), dash)
		case Circle:
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>`, num(v.X), num(v.Y), num(v.R), paint(v.Fill), stroke(v.Stroke, v.StrokeWidth))
		case Text:
			anchor := [...]string{"start", "middle", "end"}[v.Anchor]
			rot := ""
			if v.Rotate != 0 {
				rot = fmt.Sprintf(` transform="rotate(%s %s %s)"`, num(-v.Rotate), num(v.X), num(v.Y))
			}
			fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s"%s>%s</text>`, num(v.X), num(v.Y), num(v.Size), v.Color.Hex(), anchor, rot, html.EscapeString(v.S))
		}
	}
	b.WriteString("</svg>")
	return b.Flush()
}

// SVG returns the canvas as SVG text.
func (c *Canvas) SVG() string {
	var sb strings.Builder
	_ = c.WriteSVG(&sb)
	return sb.String()
}

func paint(c RGB) string {
	if c == None {
		return "none"
	}
	return c.Hex()
}

func stroke(c RGB, w float64) string {
	if c == None {
		return ""
	}
	return fmt.Sprintf(` stroke="%s" stroke-width="%s"`, c.Hex(), num(w))
}
