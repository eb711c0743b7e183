package report

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"sync"

	"github.com/wcharczuk/go-chart/v2/roboto"
)

var (
	fontCSSOnce sync.Once
	fontCSS     string
)

// embeddedFont is the @font-face of Roboto, the font the PDF and the charts'
// measurements use, as a data URL: the file needs no font installed.
func embeddedFont() string {
	fontCSSOnce.Do(func() {
		fontCSS = "@font-face{font-family:Roboto;src:url(data:font/ttf;base64," + base64.StdEncoding.EncodeToString(roboto.Roboto) + ") format('truetype');}"
	})
	return fontCSS
}

const css = `
:root{--ink:#222;--muted:#666;--rule:#ddd;--accent:#1f5f99}
*{box-sizing:border-box}
body{font-family:Roboto,'Noto Sans','DejaVu Sans',Arial,sans-serif;color:var(--ink);max-width:210mm;margin:0 auto;padding:12mm 14mm 20mm;line-height:1.45;font-size:10.5pt}
h1{font-size:22pt;margin:0 0 4pt;color:var(--accent)}
h2{font-size:15pt;margin:18pt 0 6pt;color:var(--accent);border-bottom:1px solid var(--rule);padding-bottom:2pt}
h3{font-size:12pt;margin:12pt 0 4pt}
.subtitle{color:var(--muted);font-size:12pt;margin:0 0 10pt}
.banner{background:#fff4d6;border:1px solid #e8c34a;padding:4pt 8pt;font-size:9.5pt;margin:6pt 0}
p.note{color:var(--muted);font-size:9pt}
table{border-collapse:collapse;width:100%;margin:6pt 0 10pt;font-size:8.5pt;page-break-inside:auto}
caption{text-align:left;font-weight:bold;font-size:9.5pt;padding:2pt 0}
th,td{border-bottom:1px solid var(--rule);padding:1.5pt 4pt;text-align:left;vertical-align:top}
th{background:#f0f4f8}
td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}
tr{page-break-inside:avoid}
figure{margin:8pt 0 12pt;page-break-inside:avoid}
figure svg{width:100%;height:auto;display:block}
figcaption{font-size:9pt;color:var(--muted);margin-top:2pt}
nav.toc ol{padding-left:16pt}
nav.toc li.l2{list-style:circle;font-size:9.5pt}
nav.toc a{color:var(--ink);text-decoration:none}
footer.page{position:fixed;bottom:0;left:0;right:0;font-size:8pt;color:var(--muted);text-align:center;background:#fff;padding:2pt}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{body{padding:0;max-width:none}section.newpage{page-break-before:always}a{color:inherit}}
`

// WriteHTML writes the document as one self-contained HTML file: inline
// CSS, the font as a data URL, charts as inline SVG; nothing is fetched.
func (d *Doc) WriteHTML(out io.Writer) error {
	w := bufio.NewWriter(out)
	e := html.EscapeString
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">", d.Lang)
	fmt.Fprintf(w, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:\">")
	fmt.Fprintf(w, "<title>%s</title><style>%s%s</style></head><body>\n", e(d.Title), embeddedFont(), css)
	fmt.Fprintf(w, "<header><h1>%s</h1><p class=\"subtitle\">%s</p>", e(d.Title), e(d.Subtitle))
	if d.Illustrative {
		fmt.Fprintf(w, "<p class=\"banner\">%s</p>", e(d.Lang.T("Dữ liệu minh họa, không phải số liệu thật.", "Illustrative data, not real figures.")))
	}
	fmt.Fprintf(w, "</header>\n<nav class=\"toc\"><h2>%s</h2><ol>", e(d.Lang.T("Mục lục", "Contents")))
	open := false // a chapter's list of sections is open
	for i, s := range d.Sections {
		if s.Level > 1 {
			if !open {
				fmt.Fprint(w, "<ul>")
				open = true
			}
			fmt.Fprintf(w, "<li class=\"l2\"><a href=\"#s%d\">%s</a></li>", i, e(s.Title))
			continue
		}
		if open {
			fmt.Fprint(w, "</ul>")
			open = false
		}
		if i > 0 {
			fmt.Fprint(w, "</li>")
		}
		fmt.Fprintf(w, "<li><a href=\"#s%d\">%s</a>", i, e(s.Title))
	}
	if open {
		fmt.Fprint(w, "</ul>")
	}
	fmt.Fprint(w, "</li></ol></nav>\n")
	for i, s := range d.Sections {
		cls := ""
		if s.NewPage {
			cls = " class=\"newpage\""
		}
		tag := "h2"
		if s.Level > 1 {
			tag = "h3"
		}
		fmt.Fprintf(w, "<section id=\"s%d\"%s><%s>%s</%s>\n", i, cls, tag, e(s.Title), tag)
		for _, b := range s.Blocks {
			switch v := b.(type) {
			case *Para:
				if v.Note {
					fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", e(v.Text))
				} else {
					fmt.Fprintf(w, "<p>%s</p>\n", e(v.Text))
				}
			case *List:
				fmt.Fprint(w, "<ul>")
				for _, it := range v.Items {
					fmt.Fprintf(w, "<li>%s</li>", e(it))
				}
				fmt.Fprint(w, "</ul>\n")
			case *Table:
				fmt.Fprint(w, "<table>")
				if v.Caption != "" {
					fmt.Fprintf(w, "<caption>%s</caption>", e(v.Caption))
				}
				fmt.Fprint(w, "<thead><tr>")
				for j, h := range v.Head {
					fmt.Fprintf(w, "<th%s>%s</th>", right(v, j), e(h))
				}
				fmt.Fprint(w, "</tr></thead><tbody>")
				for _, r := range v.Rows {
					fmt.Fprint(w, "<tr>")
					for j, c := range r {
						fmt.Fprintf(w, "<td%s>%s</td>", right(v, j), e(c))
					}
					fmt.Fprint(w, "</tr>")
				}
				fmt.Fprint(w, "</tbody></table>\n")
			case *Figure:
				fmt.Fprint(w, "<figure>")
				if err := v.Canvas.WriteSVG(w); err != nil {
					return err
				}
				fmt.Fprintf(w, "<figcaption>%s</figcaption></figure>\n", e(v.Caption))
			}
		}
		fmt.Fprint(w, "</section>\n")
	}
	fmt.Fprintf(w, "<footer class=\"page\">%s</footer>\n</body></html>\n", e(d.Footer))
	return w.Flush()
}

func right(t *Table, j int) string {
	if j < len(t.Right) && t.Right[j] {
		return ` class="r"`
	}
	return ""
}
