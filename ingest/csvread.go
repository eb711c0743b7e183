package ingest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// This file splits delimited text into records so that every line of the
// file is accounted for: each non-blank line starts a record that is read,
// or is the continuation of a quoted multi-line cell of the record above,
// or is a structure error (an unterminated quote, too many fields) naming
// the line where it starts. A damaged line never swallows the lines after
// it: reading starts again on the next line.

// ErrUnterminatedQuote is the cause of a record whose quote never closes.
var ErrUnterminatedQuote = errors.New("dấu ngoặc kép mở mà không đóng / a quote is opened and never closed")

// ErrFieldCount is the cause of a record with more fields than the header
// (a decimal comma in a comma-separated file, a stray delimiter).
var ErrFieldCount = errors.New("thừa trường so với tiêu đề (dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy? dấu phân cách thừa?) / more fields than the header (a decimal comma in a comma-separated file? a stray delimiter?)")

// delimited is the outcome of splitting one text.
type delimited struct {
	rows      [][]string
	lines     []int
	broken    []*CellError // File is left for the caller
	continued int          // lines that continue a multi-line cell
}

// splitDelimited splits text (with "\n" line ends) on comma into records.
func splitDelimited(text string, comma rune) *delimited {
	lines := strings.Split(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	width, modal := widths(lines, comma)
	closes := quoteCloses(lines, comma)
	out := &delimited{}
	for i := 0; i < len(lines); {
		fields, end, closed := readRecord(lines, i, comma, closes)
		if allEmpty(fields) && closed {
			i = end + 1
			continue
		}
		if !closed {
			out.broken = append(out.broken, &CellError{Row: i + 1, Value: lines[i], Err: ErrUnterminatedQuote})
			i++
			continue
		}
		if end > i && width > 0 && len(fields) != width && len(fields) != modal {
			// a quote that does not close on its line, and what follows
			// does not make a record of the file's width: the line is
			// damaged, not the start of a multi-line cell
			out.broken = append(out.broken, &CellError{Row: i + 1, Value: lines[i],
				Err: fmt.Errorf("%w (đọc tiếp đến dòng %d được %d trường, tiêu đề có %d / read on to line %d it gives %d fields where the header has %d)",
					ErrUnterminatedQuote, end+1, len(fields), width, end+1, len(fields), width)})
			i++
			continue
		}
		for len(fields) > width && width > 0 && strings.TrimSpace(fields[len(fields)-1]) == "" {
			fields = fields[:len(fields)-1] // trailing empty fields are padding
		}
		if width > 0 && len(fields) > width {
			out.broken = append(out.broken, &CellError{Row: i + 1, Value: lines[i],
				Err: fmt.Errorf("%d trường, tiêu đề có %d / %d fields where the header has %d: %w", len(fields), width, len(fields), width, ErrFieldCount)})
			i = end + 1
			continue
		}
		for k := range fields {
			fields[k] = NFC(fields[k])
		}
		out.rows = append(out.rows, fields)
		out.lines = append(out.lines, i+1)
		out.continued += end - i
		i = end + 1
	}
	return out
}

// quoteCloses returns, for each line k, the first line at or after k on
// which a quoted field that runs on into line k closes (-1: none does).
// Entering a line inside a quoted field, where the field closes depends on
// that line alone, so one backward pass answers it for every record: a
// file with a stray opening quote on every line is read in linear time,
// not by reading to the end of the file once per line.
func quoteCloses(lines []string, comma rune) []int {
	next := make([]int, len(lines)+1)
	next[len(lines)] = -1
	for k := len(lines) - 1; k >= 0; k-- {
		next[k] = next[k+1]
		line := []rune(lines[k])
		for pos := 0; pos < len(line); pos++ {
			if line[pos] != '"' {
				continue
			}
			if pos+1 < len(line) && line[pos+1] == '"' {
				pos++ // a doubled quote
				continue
			}
			if pos+1 >= len(line) || line[pos+1] == comma {
				next[k] = k
				break
			}
		}
	}
	return next
}

// readRecord reads the record that starts on lines[start]. A quoted field
// may run on to later lines; closed is false when it never closes. Quotes
// are read leniently otherwise: a quote inside an unquoted field, or a
// quote inside a quoted field that is not followed by the delimiter or the
// line end, is kept as a character. closes, when not nil, is quoteCloses
// of lines: a field that no later line closes is known unclosed at once.
func readRecord(lines []string, start int, comma rune, closes []int) (fields []string, end int, closed bool) {
	var f strings.Builder
	end = start
	line := []rune(lines[start])
	pos := 0
	for {
		// at the start of a field
		if pos < len(line) && line[pos] == '"' {
			pos++
			for {
				if pos >= len(line) {
					if end+1 >= len(lines) || closes != nil && closes[end+1] < 0 {
						return append(fields, f.String()), len(lines) - 1, false
					}
					end++
					line, pos = []rune(lines[end]), 0
					f.WriteByte('\n')
					continue
				}
				c := line[pos]
				if c != '"' {
					f.WriteRune(c)
					pos++
					continue
				}
				// a quote: doubled, closing, or a stray one kept as it is
				if pos+1 < len(line) && line[pos+1] == '"' {
					f.WriteRune('"')
					pos += 2
					continue
				}
				if pos+1 >= len(line) || line[pos+1] == comma {
					pos++
					break
				}
				f.WriteRune('"')
				pos++
			}
		} else {
			for pos < len(line) && line[pos] != comma {
				f.WriteRune(line[pos])
				pos++
			}
		}
		fields = append(fields, f.String())
		f.Reset()
		if pos >= len(line) {
			return fields, end, true
		}
		pos++ // the delimiter
		if pos >= len(line) {
			return append(fields, ""), end, true
		}
	}
}

// widths returns the number of fields of the header (the first line that
// is a record on its own and is at least as wide as most lines: title
// lines above it are narrower) and the most common number (ties go to the
// wider), both 0 when no line is a record on its own.
func widths(lines []string, comma rune) (header, modal int) {
	counts := map[int]int{}
	var each []int
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		fields, end, closed := readRecord(lines[i:i+1], 0, comma, nil)
		if !closed || end != 0 || allEmpty(fields) {
			continue
		}
		counts[len(fields)]++
		each = append(each, len(fields))
	}
	ws := make([]int, 0, len(counts))
	for w := range counts {
		ws = append(ws, w)
	}
	sort.Ints(ws)
	bestN := 0
	for _, w := range ws {
		if counts[w] >= bestN {
			modal, bestN = w, counts[w]
		}
	}
	for _, w := range each {
		if w >= modal {
			return w, modal
		}
	}
	return 0, 0
}
