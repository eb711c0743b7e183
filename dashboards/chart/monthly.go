package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Month is one calendar month of a monthly chart.
type Month struct {
	Month       int     // 1..12
	Classes     float64 // drawn as a line on the right axis
	Attendances float64 // drawn as a bar on the left axis
}

// MonthlySpec describes a chart of classes and attendances by month.
type MonthlySpec struct {
	Title, Subtitle string
	Notes           []string
	BarLabel        string // caption of the left axis (attendances)
	LineLabel       string // caption of the right axis (classes)
	Months          []Month
	Width, Height   int // default 1000 x 520
}

var colorLine = drawing.Color{R: 0xd9, G: 0x5f, B: 0x0e, A: 0xff}

// RenderMonthly writes twelve monthly bars of attendances with their
// values, and a line of classes on a second axis; months without classes
// are drawn as zero.
func RenderMonthly(w io.Writer, f Format, s MonthlySpec) error {
	var att, cls [13]float64
	n := 0
	for _, m := range s.Months {
		if m.Month < 1 || m.Month > 12 {
			return fmt.Errorf("tháng không hợp lệ / invalid month %d", m.Month)
		}
		if math.IsNaN(m.Attendances) || math.IsNaN(m.Classes) || m.Attendances < 0 || m.Classes < 0 {
			return fmt.Errorf("giá trị không hợp lệ / invalid value in month %d", m.Month)
		}
		att[m.Month] += m.Attendances
		cls[m.Month] += m.Classes
		n++
	}
	if n == 0 {
		return ErrNoData
	}
	maxA, maxC := 0.0, 0.0
	for i := 1; i <= 12; i++ {
		maxA, maxC = math.Max(maxA, att[i]), math.Max(maxC, cls[i])
	}
	hiA := axisTop(maxA)
	hiC := axisTop(maxC)
	width, height := s.Width, s.Height
	if width <= 0 {
		width = 1000
	}
	if height <= 0 {
		height = 520
	}
	legendH := 22
	notesH := len(s.Notes)*noteLineH + 10
	c, err := newCanvas(f, width, height+legendH+notesH)
	if err != nil {
		return err
	}
	c.rect(0, 0, width, height+legendH+notesH, colorWhite)
	c.text(s.Title, marginSide, 26, 15, colorText)
	if s.Subtitle != "" {
		c.text(s.Subtitle, marginSide, 48, 11, colorMuted)
	}
	left, right, top, bottom := 80, width-80, 84, height-46
	slot := float64(right-left) / 12
	x := func(m int) int { return left + int(math.Round((float64(m)-0.5)*slot)) }
	yA := func(v float64) int { return bottom - int(math.Round(v/hiA*float64(bottom-top))) }
	yC := func(v float64) int { return bottom - int(math.Round(v/hiC*float64(bottom-top))) }
	for _, t := range countTicks(hiA) {
		y := yA(t)
		c.line(left, y, right, y, colorGrid, 1, nil)
		lbl := groupDigits(t)
		c.text(lbl, left-8-c.measure(lbl, 9), y+3, 9, colorBar)
	}
	for _, t := range countTicks(hiC) {
		lbl := groupDigits(t)
		c.text(lbl, right+8, yC(t)+3, 9, colorLine)
	}
	c.text(s.BarLabel, left-60, top-14, 9, colorBar)
	c.text(s.LineLabel, right+60-c.measure(s.LineLabel, 9), top-14, 9, colorLine)
	barW := int(slot * 0.6)
	for m := 1; m <= 12; m++ {
		cx := x(m)
		if att[m] > 0 {
			c.rect(cx-barW/2, yA(att[m]), cx+barW/2, bottom, colorBar)
			// the value inside the bar, at its foot, away from the class line,
			// which follows the bars' tops when classes and attendances move together
			lbl := groupDigits(att[m])
			if bottom-yA(att[m]) > 24 {
				c.text(lbl, cx-c.measure(lbl, 8.5)/2, bottom-8, 8.5, colorWhite)
			} else {
				c.text(lbl, cx-c.measure(lbl, 8.5)/2, yA(att[m])-4, 8.5, colorBar)
			}
		}
		lbl := "T" + strconv.Itoa(m)
		c.text(lbl, cx-c.measure(lbl, 9)/2, bottom+16, 9, colorMuted)
	}
	c.line(left, bottom, right, bottom, colorMuted, 1, nil)
	for m := 2; m <= 12; m++ {
		c.line(x(m-1), yC(cls[m-1]), x(m), yC(cls[m]), colorLine, 2, nil)
	}
	for m := 1; m <= 12; m++ {
		c.circle(x(m), yC(cls[m]), 4, colorLine, colorLine)
		if cls[m] > 0 {
			lbl := groupDigits(cls[m])
			lw := c.measure(lbl, 8.5)
			c.rect(x(m)-lw/2-2, yC(cls[m])-20, x(m)+lw/2+2, yC(cls[m])-8, colorWhite)
			c.text(lbl, x(m)-lw/2, yC(cls[m])-10, 8.5, colorLine)
		}
	}
	// legend
	ly := height - 6
	c.rect(left, ly-10, left+14, ly, colorBar)
	c.text(s.BarLabel, left+20, ly, 10, colorText)
	lx := left + 20 + c.measure(s.BarLabel, 10) + 30
	c.line(lx, ly-5, lx+18, ly-5, colorLine, 2, nil)
	c.circle(lx+9, ly-5, 4, colorLine, colorLine)
	c.text(s.LineLabel, lx+24, ly, 10, colorText)
	y := height + legendH
	for _, note := range s.Notes {
		c.text(note, marginSide, y, 10, colorMuted)
		y += noteLineH
	}
	return c.r.Save(w)
}

// countStep is a nice tick step for counts from 0 to hi: whole numbers only.
func countStep(hi float64) float64 {
	return math.Max(1, niceStep(hi/5))
}

// axisTop rounds a maximum (with some headroom) up to a whole tick.
func axisTop(v float64) float64 {
	if v <= 0 {
		return 1
	}
	step := countStep(v * 1.1)
	return math.Ceil(v*1.1/step) * step
}

// countTicks returns the ticks of a count axis from 0 to hi.
func countTicks(hi float64) []float64 {
	step := countStep(hi)
	var out []float64
	for t := 0.0; t <= hi+step/1e6; t += step {
		out = append(out, t)
	}
	return out
}

// groupDigits writes a whole number with '.' between thousands, the
// Vietnamese way: 37000 is "37.000".
func groupDigits(v float64) string {
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}
