package ingest

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Kinds of official workbooks, read by their own adapters.
const (
	KindPCIWorkbook  = "pci-workbook"
	KindPAPIWorkbook = "papi-workbook"
)

// InferIndex names the index whose component labels a wide file uses:
// the index with the most distinct labels of its own (labels shared by two
// indices, such as "Transparency", do not count) in the first rows or the
// first column of its sheets, if it has at least three and more than any
// other. A file with an index column is not wide: it returns "".
func (p *Parser) InferIndex(t *Table) string {
	labels := map[string]map[string]bool{} // index -> folded labels
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		for i := 0; i < min(len(sh.Rows), 80); i++ {
			cells := sh.Rows[i]
			if i >= 10 {
				cells = cells[:min(len(cells), 1)]
			}
			for _, h := range cells {
				if h == "" {
					continue
				}
				if _, err := strconv.ParseFloat(strings.ReplaceAll(h, ",", "."), 64); err == nil {
					continue // component codes "1".."10" are not labels in a data cell
				}
				if f, ok := p.headers.Field(h); ok && (f == FIndex || f == FScore) && i < 10 {
					return ""
				}
				var owners []string
				for _, ix := range p.indexIDs {
					if p.headers.IsComponent(ix, h) || p.isTransposedLabel(ix, h) {
						owners = append(owners, ix)
					}
				}
				if len(owners) == 1 {
					if labels[owners[0]] == nil {
						labels[owners[0]] = map[string]bool{}
					}
					labels[owners[0]][Fold(h)] = true
				}
			}
		}
	}
	best, bestN, second := "", 0, 0
	ids := make([]string, 0, len(labels))
	for ix := range labels {
		ids = append(ids, ix)
	}
	sort.Strings(ids)
	for _, ix := range ids {
		switch n := len(labels[ix]); {
		case n > bestN:
			best, bestN, second = ix, n, bestN
		case n > second:
			second = n
		}
	}
	if bestN >= 3 && bestN > second {
		return best
	}
	// Few labels: the file names its index (a title "KẾT QUẢ PAPI", a
	// sheet or file name), and some label belongs to that index.
	if named := p.namedIndices(t); len(named) == 1 && len(labels[named[0]]) > 0 {
		return named[0]
	}
	return ""
}

// namedIndices lists the indices whose id is written as a word in the file
// name, a sheet name or the first rows of a sheet.
func (p *Parser) namedIndices(t *Table) []string {
	texts := []string{filepath.Base(t.File)}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		texts = append(texts, sh.Name)
		for i := 0; i < min(len(sh.Rows), 5); i++ {
			texts = append(texts, strings.Join(sh.Rows[i], " "))
		}
	}
	var named []string
	for _, ix := range p.indexIDs {
		word := " " + Fold(ix) + " "
		for _, s := range texts {
			if strings.Contains(" "+Fold(strings.ReplaceAll(s, "_", " "))+" ", word) {
				named = append(named, ix)
				break
			}
		}
	}
	return named
}

// isTransposedLabel reports whether a row label of a transposed sheet names
// a component of index ("Chỉ số nội dung 1: ...", "1.1: ...").
func (p *Parser) isTransposedLabel(index, label string) bool {
	for _, year := range []int{2012, 2020} {
		if _, _, ok := p.transposedComponent(index, label, year); ok {
			return true
		}
	}
	return false
}
