package report

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
	"github.com/wcharczuk/go-chart/v2/roboto"

	"cchc/dashboards/chart"
)

// The PDF: A4, Roboto embedded as a Unicode TrueType font (every
// Vietnamese letter after NFC, text selectable and searchable), page numbers,
// a table of contents with page numbers and links, and the PDF outline.
// It is laid out twice: the first pass finds each section's page, the
// second writes them into the contents (which has the same lines both times).

const (
	pageW, pageH           = 210.0, 297.0
	marginL, marginR       = 18.0, 18.0
	marginT, marginB       = 16.0, 20.0
	contentW               = pageW - marginL - marginR
	ptPerMM                = 72 / 25.4
	bodySize, noteSize     = 10.0, 8.5
	tableSize              = 7.8
	lineH, tableRowH       = 5.0, 4.4
	fontName               = "roboto"
	accentR, accentG, accB = 0x1f, 0x5f, 0x99
)

// WritePDF writes the document as a PDF.
func (d *Doc) WritePDF(w io.Writer) error {
	_, pages, err := d.layout(nil)
	if err != nil {
		return err
	}
	final, _, err := d.layout(pages)
	if err != nil {
		return err
	}
	return final.Output(w)
}

type pdfWriter struct{ f *fpdf.Fpdf }

func (d *Doc) layout(tocPages []int) (*fpdf.Fpdf, []int, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.AddUTF8FontFromBytes(fontName, "", roboto.Roboto)
	f.SetTitle(d.Title, true)
	f.SetSubject(d.Subtitle, true)
	f.SetCreator("cchc", true)
	if !d.Created.IsZero() {
		f.SetCreationDate(d.Created)
		f.SetModificationDate(d.Created)
	}
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-13)
		f.SetFont(fontName, "", 7.5)
		f.SetTextColor(0x66, 0x66, 0x66)
		f.CellFormat(contentW-30, 5, fitText(f, d.Footer, contentW-32), "", 0, "L", false, 0, "")
		f.CellFormat(30, 5, fmt.Sprintf(d.Lang.T("Trang %d/{nb}", "Page %d/{nb}"), f.PageNo()), "", 0, "R", false, 0, "")
	})
	p := &pdfWriter{f: f}
	f.AddPage()
	// title
	f.SetFont(fontName, "", 22)
	f.SetTextColor(accentR, accentG, accB)
	f.MultiCell(0, 10, d.Title, "", "L", false)
	f.SetFont(fontName, "", 12)
	f.SetTextColor(0x66, 0x66, 0x66)
	f.MultiCell(0, 6, d.Subtitle, "", "L", false)
	if d.Illustrative {
		f.Ln(2)
		f.SetFillColor(0xff, 0xf4, 0xd6)
		f.SetFont(fontName, "", 9.5)
		f.SetTextColor(0x22, 0x22, 0x22)
		f.MultiCell(0, 6, d.Lang.T("Dữ liệu minh họa, không phải số liệu thật.", "Illustrative data, not real figures."), "", "L", true)
	}
	// contents
	f.Ln(4)
	f.SetFont(fontName, "", 14)
	f.SetTextColor(accentR, accentG, accB)
	f.CellFormat(0, 8, d.Lang.T("Mục lục", "Contents"), "", 1, "L", false, 0, "")
	links := make([]int, len(d.Sections))
	for i, s := range d.Sections {
		links[i] = f.AddLink()
		size, indent := 10.0, 0.0
		if s.Level > 1 {
			size, indent = 9.0, 6.0
		}
		f.SetFont(fontName, "", size)
		f.SetTextColor(0x22, 0x22, 0x22)
		page := "00"
		if tocPages != nil {
			page = strconv.Itoa(tocPages[i])
		}
		f.SetX(marginL + indent)
		f.CellFormat(contentW-indent-12, 5, fitText(f, s.Title, contentW-indent-14), "", 0, "L", false, links[i], "")
		f.CellFormat(12, 5, page, "", 1, "R", false, links[i], "")
	}
	pages := make([]int, len(d.Sections))
	for i, s := range d.Sections {
		if s.NewPage || i == 0 {
			f.AddPage()
		} else {
			// a heading stays with the start of what follows it
			p.need(60)
		}
		pages[i] = f.PageNo()
		f.SetLink(links[i], f.GetY(), f.PageNo())
		f.Bookmark(s.Title, s.Level-1, -1)
		if s.Level == 1 {
			f.SetFont(fontName, "", 16)
			f.SetTextColor(accentR, accentG, accB)
			f.MultiCell(0, 8, s.Title, "", "L", false)
			f.SetDrawColor(0xdd, 0xdd, 0xdd)
			f.Line(marginL, f.GetY()+0.5, marginL+contentW, f.GetY()+0.5)
			f.Ln(3)
		} else {
			f.Ln(2)
			f.SetFont(fontName, "", 12)
			f.SetTextColor(0x22, 0x22, 0x22)
			f.MultiCell(0, 6.5, s.Title, "", "L", false)
			f.Ln(1)
		}
		for _, b := range s.Blocks {
			switch v := b.(type) {
			case *Para:
				size, col := bodySize, 0x22
				if v.Note {
					size, col = noteSize, 0x66
				}
				f.SetFont(fontName, "", size)
				f.SetTextColor(col, col, col)
				f.MultiCell(0, lineH*size/bodySize, v.Text, "", "L", false)
				f.Ln(1.5)
			case *List:
				f.SetFont(fontName, "", 9.5)
				f.SetTextColor(0x22, 0x22, 0x22)
				for _, it := range v.Items {
					y := f.GetY()
					f.Text(marginL+1, y+3.6, "•")
					f.SetX(marginL + 5)
					f.MultiCell(contentW-5, 4.8, it, "", "L", false)
					f.Ln(0.8)
				}
			case *Table:
				p.table(v)
			case *Figure:
				p.figure(v)
			}
		}
	}
	return f, pages, f.Error()
}

// need starts a new page unless h mm are left on this one.
func (p *pdfWriter) need(h float64) bool {
	if p.f.GetY()+h > pageH-marginB {
		p.f.AddPage()
		return true
	}
	return false
}

func fitText(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (p *pdfWriter) table(t *Table) {
	f := p.f
	f.SetFont(fontName, "", tableSize)
	n := len(t.Head)
	widths := make([]float64, n)
	for j, h := range t.Head {
		widths[j] = f.GetStringWidth(h) + 3
	}
	for _, r := range t.Rows {
		for j := 0; j < n && j < len(r); j++ {
			widths[j] = math.Max(widths[j], f.GetStringWidth(r[j])+3)
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total > contentW {
		// narrow the text columns first, numbers keep their width
		var textW float64
		for j, w := range widths {
			if !(j < len(t.Right) && t.Right[j]) {
				textW += w
			}
		}
		excess := total - contentW
		for j := range widths {
			if !(j < len(t.Right) && t.Right[j]) && textW > 0 {
				widths[j] -= excess * widths[j] / textW
			}
		}
	} else if total < contentW*0.7 {
		for j := range widths {
			widths[j] *= contentW * 0.7 / total
		}
	}
	head := func() {
		f.SetFont(fontName, "", tableSize)
		f.SetFillColor(0xf0, 0xf4, 0xf8)
		f.SetTextColor(0x22, 0x22, 0x22)
		for j, h := range t.Head {
			f.CellFormat(widths[j], tableRowH+0.6, fitText(f, h, widths[j]-1.5), "B", 0, align(t, j), true, 0, "")
		}
		f.Ln(-1)
	}
	p.need(tableRowH*4 + 8)
	if t.Caption != "" {
		f.SetFont(fontName, "", 9)
		f.SetTextColor(0x22, 0x22, 0x22)
		f.MultiCell(0, 5, t.Caption, "", "L", false)
	}
	head()
	f.SetDrawColor(0xdd, 0xdd, 0xdd)
	for _, r := range t.Rows {
		if p.need(tableRowH) {
			head()
		}
		f.SetFont(fontName, "", tableSize)
		f.SetTextColor(0x22, 0x22, 0x22)
		for j := 0; j < n; j++ {
			c := ""
			if j < len(r) {
				c = r[j]
			}
			f.CellFormat(widths[j], tableRowH, fitText(f, c, widths[j]-1.5), "B", 0, align(t, j), false, 0, "")
		}
		f.Ln(-1)
	}
	f.Ln(3)
}

func align(t *Table, j int) string {
	if j < len(t.Right) && t.Right[j] {
		return "R"
	}
	return "L"
}

func (p *pdfWriter) figure(fig *Figure) {
	f := p.f
	c := fig.Canvas
	if c == nil || c.W == 0 || c.H == 0 {
		return
	}
	scale := contentW / c.W
	maxH := pageH - marginT - marginB - 10
	if c.H*scale > maxH {
		scale = maxH / c.H
	}
	h := c.H * scale
	p.need(h + 8)
	x0 := marginL + (contentW-c.W*scale)/2
	y0 := f.GetY() + 1
	drawCanvas(f, c, x0, y0, scale)
	f.SetY(y0 + h + 1)
	f.SetFont(fontName, "", 8.5)
	f.SetTextColor(0x66, 0x66, 0x66)
	f.MultiCell(0, 4.2, fig.Caption, "", "L", false)
	f.Ln(3)
}

func drawCanvas(f *fpdf.Fpdf, c *chart.Canvas, x0, y0, s float64) {
	X := func(v float64) float64 { return x0 + v*s }
	Y := func(v float64) float64 { return y0 + v*s }
	for _, it := range c.Items {
		switch v := it.(type) {
		case chart.Rect:
			style := "F"
			f.SetFillColor(int(v.Fill.R), int(v.Fill.G), int(v.Fill.B))
			if v.Stroke != chart.None {
				style = "FD"
				f.SetDrawColor(int(v.Stroke.R), int(v.Stroke.G), int(v.Stroke.B))
				f.SetLineWidth(v.StrokeWidth * s)
			}
			f.Rect(X(v.X), Y(v.Y), v.W*s, v.H*s, style)
		case chart.Line:
			f.SetDrawColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
			f.SetLineWidth(v.Width * s)
			if v.Dash > 0 {
				f.SetDashPattern([]float64{v.Dash * s, v.Dash * s}, 0)
			}
			f.Line(X(v.X1), Y(v.Y1), X(v.X2), Y(v.Y2))
			if v.Dash > 0 {
				f.SetDashPattern([]float64{}, 0)
			}
		case chart.Circle:
			style := "F"
			f.SetFillColor(int(v.Fill.R), int(v.Fill.G), int(v.Fill.B))
			if v.Stroke != chart.None {
				style = "FD"
				f.SetDrawColor(int(v.Stroke.R), int(v.Stroke.G), int(v.Stroke.B))
				f.SetLineWidth(v.StrokeWidth * s)
			}
			f.Circle(X(v.X), Y(v.Y), v.R*s, style)
		case chart.Text:
			f.SetFont(fontName, "", v.Size*s*ptPerMM)
			f.SetTextColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
			w := f.GetStringWidth(v.S)
			dx := 0.0
			switch v.Anchor {
			case chart.Middle:
				dx = -w / 2
			case chart.End:
				dx = -w
			}
			if v.Rotate != 0 {
				f.TransformBegin()
				f.TransformRotate(v.Rotate, X(v.X), Y(v.Y))
				f.Text(X(v.X)+dx, Y(v.Y), v.S)
				f.TransformEnd()
			} else {
				f.Text(X(v.X)+dx, Y(v.Y), v.S)
			}
		}
	}
	f.SetLineWidth(0.2)
}
