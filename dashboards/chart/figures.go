package chart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// The report's static charts, drawn onto a Canvas: ranked bars, heatmap,
// bump, slope, scatter with a fitted line, waterfall (drivers), box plots and
// a single line. Each takes plain values; the numbers in them come from
// queries and are only placed here. Num formats a number in the reader's
// language (46,04 in Vietnamese, 46.04 in English).

// NumFunc formats v with dec decimals.
type NumFunc func(v float64, dec int) string

// PlainNum formats with a decimal point.
func PlainNum(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

var (
	white   = RGB{0xff, 0xff, 0xff}
	ink     = RGB{0x22, 0x22, 0x22}
	muted   = RGB{0x66, 0x66, 0x66}
	grid    = RGB{0xdd, 0xdd, 0xdd}
	barBlue = RGB{0x4a, 0x7f, 0xb5}
	accent  = RGB{0xd9, 0x5f, 0x0e}
	up      = RGB{0x2c, 0x8a, 0x3c}
	down    = RGB{0xc0, 0x39, 0x2b}
	// Palette colours series and groups in order.
	Palette = []RGB{{0x1f, 0x77, 0xb4}, {0xd9, 0x5f, 0x0e}, {0x2c, 0xa0, 0x2c}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
		{0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf}, {0x39, 0x3b, 0x79}}
	// GroupColors colour an index's groups, best first.
	GroupColors = []RGB{{0x1a, 0x6f, 0x3f}, {0x4d, 0xa0, 0x5c}, {0x9c, 0xc9, 0x6b}, {0xe8, 0xc3, 0x4a}, {0xe0, 0x84, 0x3c}, {0xc0, 0x39, 0x2b}}
	// Up and Down colour rises and falls.
	Up, Down = up, down
)

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi+step*1e-9; v += step {
		out = append(out, math.Round(v/step)*step)
	}
	return out
}

func tickDecimalsOf(ticks []float64) int {
	if len(ticks) < 2 {
		return 0
	}
	step := ticks[1] - ticks[0]
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

func title(c *Canvas, t, sub string) float64 {
	y := 18.0
	if t != "" {
		c.Text(0, y, t, 13, ink, Start)
		y += 16
	}
	if sub != "" {
		c.Text(0, y, sub, 10, muted, Start)
		y += 14
	}
	return y + 4
}

// RankBar is one unit's bar in a ranked bar chart.
type RankBar struct {
	Rank, Label, Value string // texts: "1", "Hà Tĩnh", "42,33"
	V                  float64
	Color              RGB
	Highlight          bool
}

// Legend is one entry of a legend.
type Legend struct {
	Label string
	Color RGB
}

// BarsSpec is a ranked horizontal bar chart of every unit, best first.
type BarsSpec struct {
	Title, Subtitle string
	Bars            []RankBar
	Min, Max        float64 // the value axis; Max 0 for the largest value
	Legend          []Legend
	Num             NumFunc
	Width           float64 // default 680
	RowH            float64 // default 11
}

// RankedBars draws a ranked bar chart.
func RankedBars(s BarsSpec) *Canvas {
	w := or(s.Width, 680)
	rowH := or(s.RowH, 11)
	c := &Canvas{W: w}
	y0 := title(c, s.Title, s.Subtitle)
	fs := math.Min(9, rowH*0.82)
	var rankW, labelW, valueW float64
	hi := s.Max
	for _, b := range s.Bars {
		rankW = math.Max(rankW, TextWidth(b.Rank, fs))
		labelW = math.Max(labelW, TextWidth(b.Label, fs))
		valueW = math.Max(valueW, TextWidth(b.Value, fs))
		hi = math.Max(hi, b.V)
	}
	labelW = math.Min(labelW, w*0.3)
	x0 := rankW + 6 + labelW + 6
	x1 := w - valueW - 6
	lo := s.Min
	ticks := niceTicks(lo, hi, 5)
	hi = math.Max(hi, ticks[len(ticks)-1])
	scale := func(v float64) float64 { return x0 + (v-lo)/(hi-lo)*(x1-x0) }
	bottom := y0 + float64(len(s.Bars))*rowH
	for _, t := range ticks {
		c.Line(scale(t), y0, scale(t), bottom, grid, 0.6)
		c.Text(scale(t), bottom+11, s.Num(t, tickDecimalsOf(ticks)), 8, muted, Middle)
	}
	for i, b := range s.Bars {
		y := y0 + float64(i)*rowH
		col := b.Color
		if col == (RGB{}) {
			col = barBlue
		}
		c.Rect(x0, y+1, math.Max(scale(b.V)-x0, 0.5), rowH-2, col)
		tc := ink
		if b.Highlight {
			tc = accent
		}
		c.Text(rankW, y+rowH*0.78, b.Rank, fs, muted, End)
		c.Text(x0-6, y+rowH*0.78, Fit(b.Label, fs, labelW), fs, tc, End)
		c.Text(scale(b.V)+3, y+rowH*0.78, b.Value, fs, tc, Start)
	}
	c.H = legend(c, s.Legend, bottom+20, w) + 4
	return c
}

func legend(c *Canvas, items []Legend, y, w float64) float64 {
	if len(items) == 0 {
		return y
	}
	x := 0.0
	y += 8
	for _, l := range items {
		lw := 14 + TextWidth(l.Label, 8.5) + 14
		if x+lw > w && x > 0 {
			x = 0
			y += 14
		}
		c.Rect(x, y-8, 10, 10, l.Color)
		c.Text(x+14, y, l.Label, 8.5, ink, Start)
		x += lw
	}
	return y + 6
}

func or(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// HeatmapSpec is a table of colours: units by components, each column
// coloured from its own lowest to its highest value.
type HeatmapSpec struct {
	Title, Subtitle string
	Rows, Cols      []string
	Values          [][]float64 // [row][col]; NaN where missing
	Decimals        int
	Num             NumFunc
	Width           float64
	RowH            float64
}

// Heatmap draws a heatmap with the value in each cell.
func Heatmap(s HeatmapSpec) *Canvas {
	w := or(s.Width, 680)
	rowH := or(s.RowH, 10)
	c := &Canvas{W: w}
	y0 := title(c, s.Title, s.Subtitle)
	fs := math.Min(8, rowH*0.8)
	var labelW float64
	for _, r := range s.Rows {
		labelW = math.Max(labelW, TextWidth(r, fs))
	}
	labelW = math.Min(labelW, w*0.28)
	x0 := labelW + 6
	cw := (w - x0) / float64(max(len(s.Cols), 1))
	// column heads turned 45 degrees
	headH := 0.0
	for _, h := range s.Cols {
		headH = math.Max(headH, math.Min(TextWidth(h, 8), 120)*0.71+10)
	}
	for j, h := range s.Cols {
		c.TextRotated(x0+float64(j)*cw+cw/2, y0+headH, Fit(h, 8, 120), 8, ink, Start, 45)
	}
	y0 += headH + 4
	lo := make([]float64, len(s.Cols))
	hi := make([]float64, len(s.Cols))
	for j := range s.Cols {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		for i := range s.Rows {
			if v := s.Values[i][j]; !math.IsNaN(v) {
				lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
			}
		}
	}
	for i, r := range s.Rows {
		y := y0 + float64(i)*rowH
		c.Text(x0-4, y+rowH*0.78, Fit(r, fs, labelW), fs, ink, End)
		for j := range s.Cols {
			v := s.Values[i][j]
			x := x0 + float64(j)*cw
			if math.IsNaN(v) {
				c.Rect(x+0.5, y+0.5, cw-1, rowH-1, RGB{0xf2, 0xf2, 0xf2})
				continue
			}
			t := 0.5
			if hi[j] > lo[j] {
				t = (v - lo[j]) / (hi[j] - lo[j])
			}
			col := ramp(t)
			c.Rect(x+0.5, y+0.5, cw-1, rowH-1, col)
			tc := ink
			if t > 0.75 || t < 0.12 {
				tc = white
			}
			c.Text(x+cw/2, y+rowH*0.78, s.Num(v, s.Decimals), fs*0.95, tc, Middle)
		}
	}
	c.H = y0 + float64(len(s.Rows))*rowH + 6
	return c
}

// ramp runs from red (0) through pale yellow to green (1).
func ramp(t float64) RGB {
	lerp := func(a, b RGB, t float64) RGB {
		f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
		return RGB{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B)}
	}
	lowC, midC, highC := RGB{0xb2, 0x18, 0x2b}, RGB{0xfc, 0xf4, 0xc4}, RGB{0x1a, 0x7a, 0x3e}
	if t < 0.5 {
		return lerp(lowC, midC, t*2)
	}
	return lerp(midC, highC, (t-0.5)*2)
}

// RankLine is one unit's ranks over the years of a bump chart; 0 where unranked.
type RankLine struct {
	Name  string
	Ranks []int
}

// BumpSpec is ranks over years, rank 1 at the top.
type BumpSpec struct {
	Title, Subtitle string
	Years           []int
	Lines           []RankLine
	MaxRank         int
	BreakYear       int // a dashed marker before this year; 0 for none
	BreakLabel      string
	Width, Height   float64
}

// Bump draws a bump chart.
func Bump(s BumpSpec) *Canvas {
	w, h := or(s.Width, 680), or(s.Height, 360)
	c := &Canvas{W: w, H: h}
	y0 := title(c, s.Title, s.Subtitle) + 6
	var nameW float64
	for _, l := range s.Lines {
		nameW = math.Max(nameW, TextWidth(l.Name, 8.5))
	}
	x0, x1 := 30.0, w-nameW-40
	y1 := h - 24
	n := max(len(s.Years)-1, 1)
	xf := func(i int) float64 { return x0 + float64(i)*(x1-x0)/float64(n) }
	maxRank := max(s.MaxRank, 1)
	yf := func(r int) float64 { return y0 + float64(r-1)/math.Max(float64(maxRank-1), 1)*(y1-y0) }
	for _, r := range niceTicks(1, float64(maxRank), 6) {
		if r < 1 {
			continue
		}
		c.Line(x0, yf(int(r)), x1, yf(int(r)), grid, 0.6)
		c.Text(x0-6, yf(int(r))+3, strconv.Itoa(int(r)), 8, muted, End)
	}
	c.Text(x0-6, y0-10, "#", 8, muted, End)
	for i, y := range s.Years {
		c.Text(xf(i), y1+16, strconv.Itoa(y), 8.5, muted, Middle)
		if y == s.BreakYear && i > 0 {
			bx := (xf(i-1) + xf(i)) / 2
			c.Dashed(bx, y0-6, bx, y1, muted, 0.8)
			c.Text(bx+3, y0-8, s.BreakLabel, 7.5, muted, Start)
		}
	}
	var labels []bumpLabel
	for k, l := range s.Lines {
		col := Palette[k%len(Palette)]
		last := -1
		for i, r := range l.Ranks {
			if r <= 0 {
				continue
			}
			if last >= 0 && last == i-1 {
				c.Line(xf(last), yf(l.Ranks[last]), xf(i), yf(r), col, 1.8)
			}
			last = i
		}
		for i, r := range l.Ranks {
			if r > 0 {
				c.Dot(xf(i), yf(r), 3, col)
			}
		}
		if last >= 0 {
			labels = append(labels, bumpLabel{x: xf(last), y: yf(l.Ranks[last]), s: l.Name + " (" + strconv.Itoa(l.Ranks[last]) + ")", col: col})
		}
	}
	// labels kept apart: each at least a line below the one above it
	slices.SortStableFunc(labels, func(a, b bumpLabel) int { return cmp.Compare(a.y, b.y) })
	prev := math.Inf(-1)
	for _, lb := range labels {
		y := math.Max(lb.y, prev+9.5)
		prev = y
		if y != lb.y {
			c.Line(lb.x+3, lb.y, lb.x+6, y-3, lb.col, 0.5)
		}
		c.Text(lb.x+7, y+3, lb.s, 8.5, lb.col, Start)
	}
	return c
}

type bumpLabel struct {
	x, y float64
	s    string
	col  RGB
}

// SlopeItem is one unit's value in the two years of a slope chart.
type SlopeItem struct {
	Name        string
	Left, Right float64
	HasLeft     bool
}

// SlopeSpec is values in two years, joined by a line per item.
type SlopeSpec struct {
	Title, Subtitle string
	LeftLabel       string
	RightLabel      string
	Items           []SlopeItem
	Decimals        int
	Num             NumFunc
	Width, Height   float64
}

// Slope draws a slope chart; rises green, falls red.
func Slope(s SlopeSpec) *Canvas {
	w, h := or(s.Width, 680), or(s.Height, 320)
	c := &Canvas{W: w, H: h}
	y0 := title(c, s.Title, s.Subtitle) + 10
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, it := range s.Items {
		lo, hi = math.Min(lo, it.Right), math.Max(hi, it.Right)
		if it.HasLeft {
			lo, hi = math.Min(lo, it.Left), math.Max(hi, it.Left)
		}
	}
	if hi <= lo {
		hi = lo + 1
	}
	y1 := h - 12
	yf := func(v float64) float64 { return y1 - (v-lo)/(hi-lo)*(y1-y0) }
	xl, xr := w*0.38, w*0.62
	c.Text(xl, y0-8, s.LeftLabel, 9, muted, Middle)
	c.Text(xr, y0-8, s.RightLabel, 9, muted, Middle)
	c.Line(xl, y0, xl, y1, grid, 0.8)
	c.Line(xr, y0, xr, y1, grid, 0.8)
	for _, it := range s.Items {
		yr := yf(it.Right)
		c.Text(xr+8, yr+3, it.Name+"  "+s.Num(it.Right, s.Decimals), 8, ink, Start)
		if !it.HasLeft {
			c.Dot(xr, yr, 2.5, muted)
			continue
		}
		col := up
		if it.Right < it.Left {
			col = down
		}
		yl := yf(it.Left)
		c.Line(xl, yl, xr, yr, col, 1.4)
		c.Dot(xl, yl, 2.5, col)
		c.Dot(xr, yr, 2.5, col)
		c.Text(xl-8, yl+3, s.Num(it.Left, s.Decimals)+"  "+it.Name, 8, ink, End)
	}
	return c
}

// XY is one point of a scatter chart.
type XY struct {
	Label string
	X, Y  float64
	Show  bool // write the label beside the point
}

// ScatterSpec is points with a fitted line.
type ScatterSpec struct {
	Title, Subtitle  string
	XLabel, YLabel   string
	Points           []XY
	Slope, Intercept float64
	Line             bool
	Note             string // e.g. "r = 0,52; ρ = 0,48; n = 63"
	Decimals         int
	Num              NumFunc
	Width, Height    float64
}

// Scatter draws a scatter chart with its least-squares line.
func Scatter(s ScatterSpec) *Canvas {
	w, h := or(s.Width, 680), or(s.Height, 400)
	c := &Canvas{W: w, H: h}
	y0 := title(c, s.Title, s.Subtitle)
	x0, x1, y1 := 46.0, w-10, h-40
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range s.Points {
		xlo, xhi, ylo, yhi = math.Min(xlo, p.X), math.Max(xhi, p.X), math.Min(ylo, p.Y), math.Max(yhi, p.Y)
	}
	xt, yt := niceTicks(xlo, xhi, 6), niceTicks(ylo, yhi, 5)
	xlo, xhi = math.Min(xlo, xt[0]), math.Max(xhi, xt[len(xt)-1])
	ylo, yhi = math.Min(ylo, yt[0]), math.Max(yhi, yt[len(yt)-1])
	xf := func(v float64) float64 { return x0 + (v-xlo)/(xhi-xlo)*(x1-x0) }
	yf := func(v float64) float64 { return y1 - (v-ylo)/(yhi-ylo)*(y1-y0) }
	for _, t := range xt {
		c.Line(xf(t), y0, xf(t), y1, grid, 0.6)
		c.Text(xf(t), y1+12, s.Num(t, tickDecimalsOf(xt)), 8, muted, Middle)
	}
	for _, t := range yt {
		c.Line(x0, yf(t), x1, yf(t), grid, 0.6)
		c.Text(x0-4, yf(t)+3, s.Num(t, tickDecimalsOf(yt)), 8, muted, End)
	}
	c.Text((x0+x1)/2, h-12, s.XLabel, 9, ink, Middle)
	c.TextRotated(10, (y0+y1)/2, s.YLabel, 9, ink, Middle, 90)
	for _, p := range s.Points {
		c.Dot(xf(p.X), yf(p.Y), 2.8, barBlue)
	}
	for _, p := range s.Points {
		if p.Show {
			c.Text(xf(p.X)+4, yf(p.Y)-3, p.Label, 7.5, ink, Start)
		}
	}
	if s.Line {
		c.Line(xf(xlo), yf(s.Slope*xlo+s.Intercept), xf(xhi), yf(s.Slope*xhi+s.Intercept), accent, 1.4)
		// the line may leave the plot; the note says what it is
	}
	if s.Note != "" {
		c.Rect(x0+4, y0+2, TextWidth(s.Note, 9)+8, 14, white)
		c.Text(x0+8, y0+12, s.Note, 9, accent, Start)
	}
	return c
}

// Step is one part's contribution to a change.
type Step struct {
	Label string
	Delta float64
}

// WaterfallSpec is a change from a start total to an end total, part by part.
type WaterfallSpec struct {
	Title, Subtitle      string
	StartLabel, EndLabel string
	Start, End           float64
	Steps                []Step
	Decimals             int
	Num                  NumFunc
	Width, Height        float64
}

// Waterfall draws the drivers of a change: the start total, a floating bar
// per part (rises green, falls red) and the end total.
func Waterfall(s WaterfallSpec) *Canvas {
	w, h := or(s.Width, 680), or(s.Height, 330)
	c := &Canvas{W: w, H: h}
	y0 := title(c, s.Title, s.Subtitle) + 10
	lo, hi := math.Min(s.Start, s.End), math.Max(s.Start, s.End)
	run := s.Start
	for _, st := range s.Steps {
		run += st.Delta
		lo, hi = math.Min(lo, run), math.Max(hi, run)
	}
	pad := (hi - lo) * 0.15
	if pad == 0 {
		pad = 1
	}
	lo, hi = lo-pad, hi+pad
	y1 := h - 64
	x0, x1 := 40.0, w-6
	n := len(s.Steps) + 2
	bw := (x1 - x0) / float64(n)
	yf := func(v float64) float64 { return y1 - (v-lo)/(hi-lo)*(y1-y0) }
	ticks := niceTicks(lo, hi, 5)
	for _, t := range ticks {
		if t < lo || t > hi {
			continue
		}
		c.Line(x0, yf(t), x1, yf(t), grid, 0.6)
		c.Text(x0-4, yf(t)+3, s.Num(t, tickDecimalsOf(ticks)), 8, muted, End)
	}
	label := func(i int, l string) {
		c.TextRotated(x0+float64(i)*bw+bw/2+3, y1+10, Fit(l, 7.5, 110), 7.5, ink, End, 30)
	}
	total := func(i int, v float64, l string) {
		x := x0 + float64(i)*bw
		c.Rect(x+bw*0.15, yf(v), bw*0.7, y1-yf(v), barBlue)
		c.Text(x+bw/2, yf(v)-3, s.Num(v, s.Decimals), 8, ink, Middle)
		label(i, l)
	}
	total(0, s.Start, s.StartLabel)
	run = s.Start
	for i, st := range s.Steps {
		x := x0 + float64(i+1)*bw
		col := up
		if st.Delta < 0 {
			col = down
		}
		a, b := yf(run), yf(run+st.Delta)
		c.Rect(x+bw*0.15, math.Min(a, b), bw*0.7, math.Max(math.Abs(a-b), 0.8), col)
		sign := "+"
		if st.Delta < 0 {
			sign = "−"
		}
		c.Text(x+bw/2, math.Min(a, b)-3, sign+s.Num(math.Abs(st.Delta), s.Decimals), 7.5, col, Middle)
		label(i+1, st.Label)
		run += st.Delta
	}
	total(n-1, s.End, s.EndLabel)
	return c
}

// Box is a distribution: minimum, quartiles, median, maximum.
type Box struct {
	Label                    string
	Min, Q1, Median, Q3, Max float64
}

// BoxSpec is box plots side by side, on one horizontal axis.
type BoxSpec struct {
	Title, Subtitle string
	Boxes           []Box
	Decimals        int
	Num             NumFunc
	Width           float64
}

// Boxes draws horizontal box plots.
func Boxes(s BoxSpec) *Canvas {
	w := or(s.Width, 680)
	c := &Canvas{W: w}
	y0 := title(c, s.Title, s.Subtitle)
	lo, hi := math.Inf(1), math.Inf(-1)
	var lw float64
	for _, b := range s.Boxes {
		lo, hi = math.Min(lo, b.Min), math.Max(hi, b.Max)
		lw = math.Max(lw, TextWidth(b.Label, 9))
	}
	ticks := niceTicks(lo, hi, 6)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	x0, x1 := lw+12, w-12
	xf := func(v float64) float64 { return x0 + (v-lo)/(hi-lo)*(x1-x0) }
	rowH := 34.0
	bottom := y0 + float64(len(s.Boxes))*rowH
	for _, t := range ticks {
		c.Line(xf(t), y0, xf(t), bottom, grid, 0.6)
		c.Text(xf(t), bottom+11, s.Num(t, tickDecimalsOf(ticks)), 8, muted, Middle)
	}
	for i, b := range s.Boxes {
		y := y0 + float64(i)*rowH + rowH/2
		col := Palette[i%len(Palette)]
		c.Text(x0-8, y+3, b.Label, 9, ink, End)
		c.Line(xf(b.Min), y, xf(b.Q1), y, col, 1)
		c.Line(xf(b.Q3), y, xf(b.Max), y, col, 1)
		c.Line(xf(b.Min), y-5, xf(b.Min), y+5, col, 1)
		c.Line(xf(b.Max), y-5, xf(b.Max), y+5, col, 1)
		c.Items = append(c.Items, Rect{X: xf(b.Q1), Y: y - 9, W: math.Max(xf(b.Q3)-xf(b.Q1), 0.8), H: 18, Fill: white, Stroke: col, StrokeWidth: 1.2})
		c.Line(xf(b.Median), y-9, xf(b.Median), y+9, col, 2)
		c.Text(xf(b.Median), y-11, s.Num(b.Median, s.Decimals), 7.5, col, Middle)
	}
	c.H = bottom + 18
	return c
}

// LineSpec is one series over years, each point labelled (e.g. its rank).
type LineSpec struct {
	Title, Subtitle string
	Years           []int
	Values          []float64 // NaN where missing
	Labels          []string
	Decimals        int
	Num             NumFunc
	BreakYear       int
	BreakLabel      string
	Width, Height   float64
}

// LineChart draws a single labelled line over years; gaps stay gaps.
func LineChart(s LineSpec) *Canvas {
	w, h := or(s.Width, 680), or(s.Height, 240)
	c := &Canvas{W: w, H: h}
	y0 := title(c, s.Title, s.Subtitle) + 12
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range s.Values {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		return c
	}
	ticks := niceTicks(lo, hi, 4)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	x0, x1, y1 := 40.0, w-20, h-22
	n := max(len(s.Years)-1, 1)
	xf := func(i int) float64 { return x0 + float64(i)*(x1-x0)/float64(n) }
	yf := func(v float64) float64 { return y1 - (v-lo)/(hi-lo)*(y1-y0) }
	for _, t := range ticks {
		c.Line(x0, yf(t), x1, yf(t), grid, 0.6)
		c.Text(x0-4, yf(t)+3, s.Num(t, tickDecimalsOf(ticks)), 8, muted, End)
	}
	for i, y := range s.Years {
		c.Text(xf(i), y1+14, strconv.Itoa(y), 8.5, muted, Middle)
		if y == s.BreakYear && i > 0 {
			bx := (xf(i-1) + xf(i)) / 2
			c.Dashed(bx, y0-8, bx, y1, muted, 0.8)
			c.Text(bx+3, y0-4, s.BreakLabel, 7.5, muted, Start)
		}
	}
	for i := 1; i < len(s.Values); i++ {
		if !math.IsNaN(s.Values[i]) && !math.IsNaN(s.Values[i-1]) && s.Years[i] != s.BreakYear {
			c.Line(xf(i-1), yf(s.Values[i-1]), xf(i), yf(s.Values[i]), barBlue, 1.8)
		}
	}
	for i, v := range s.Values {
		if math.IsNaN(v) {
			continue
		}
		c.Dot(xf(i), yf(v), 3, barBlue)
		lbl := s.Num(v, s.Decimals)
		if i < len(s.Labels) && s.Labels[i] != "" {
			lbl += " (" + s.Labels[i] + ")"
		}
		c.Text(xf(i), yf(v)-6, lbl, 7.5, ink, Middle)
	}
	return c
}
