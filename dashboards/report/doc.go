// Package report writes the annual report and the province profiles: one
// document model (sections of paragraphs, tables and figures), built from the
// rows of queries/ and rendered twice, as a self-contained HTML file and as a
// PDF the binary writes by itself. The sentences are rules over facts the
// queries computed (who leads, which changes are comparable, which lie inside
// confidence intervals); nothing here computes a measure.
package report

import (
	"time"

	"cchc/dashboards/chart"
)

// Doc is one report.
type Doc struct {
	Lang     Lang
	Title    string
	Subtitle string
	// Footer is printed on every page (the illustrative-data notice, the
	// report's name).
	Footer       string
	Illustrative bool
	Sections     []*Section
	Created      time.Time // the PDF's creation date; zero for none
}

// Section is a chapter (level 1) or a section within it (level 2).
type Section struct {
	ID      string
	Title   string
	Level   int
	NewPage bool
	Blocks  []Block
}

// Block is a paragraph, a list, a table or a figure.
type Block interface{ isBlock() }

// Para is a paragraph; a Note is set smaller and muted.
type Para struct {
	Text string
	Note bool
}

// List is a bulleted list.
type List struct{ Items []string }

// Table is a table of texts; Right marks right-aligned (numeric) columns.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
	Right   []bool
}

// Figure is a chart with its caption.
type Figure struct {
	Caption string
	Canvas  *chart.Canvas
}

func (*Para) isBlock()   {}
func (*List) isBlock()   {}
func (*Table) isBlock()  {}
func (*Figure) isBlock() {}

// Chapter starts a level-1 section on a new page.
func (d *Doc) Chapter(id, title string) *Section {
	s := &Section{ID: id, Title: title, Level: 1, NewPage: len(d.Sections) > 0}
	d.Sections = append(d.Sections, s)
	return s
}

// Section starts a level-2 section.
func (d *Doc) Section(id, title string) *Section {
	s := &Section{ID: id, Title: title, Level: 2}
	d.Sections = append(d.Sections, s)
	return s
}

// P adds a paragraph.
func (s *Section) P(text string) { s.Blocks = append(s.Blocks, &Para{Text: text}) }

// Note adds a note.
func (s *Section) Note(text string) { s.Blocks = append(s.Blocks, &Para{Text: text, Note: true}) }

// Add adds blocks.
func (s *Section) Add(b ...Block) { s.Blocks = append(s.Blocks, b...) }

// Text is every paragraph and list item of the document, in order: the
// narrative a golden file holds.
func (d *Doc) Text() []string {
	var out []string
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			switch v := b.(type) {
			case *Para:
				out = append(out, v.Text)
			case *List:
				out = append(out, v.Items...)
			}
		}
	}
	return out
}
