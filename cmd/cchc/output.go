package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"cchc"
)

// table is rows of text with a header, printed aligned, as CSV or as JSON.
type table struct {
	header []string
	align  []bool // true: right-align
	rows   [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func width(s string) int {
	n := 0
	for _, r := range norm.NFC.String(s) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		n++
	}
	_ = utf8.RuneLen
	return n
}

func (t *table) writeText(w io.Writer) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = width(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			if i < len(widths) && width(c) > widths[i] {
				widths[i] = width(c)
			}
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			pad := strings.Repeat(" ", widths[i]-width(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.align) && t.align[i] {
				b.WriteString(pad + c)
			} else if i == len(cells)-1 {
				b.WriteString(c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.header)
	var sep []string
	for _, wd := range widths {
		sep = append(sep, strings.Repeat("─", wd))
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
}

// writeCSV writes the table through cchc's one CSV writer, which keeps a
// text cell from being read as a spreadsheet formula.
func (t *table) writeCSV(w io.Writer) error { return cchc.WriteCSV(w, t.header, t.rows) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// fmtFloat writes v with dec decimals; a negative zero (a score of "-0")
// is written 0.00, not -0.00.
func fmtFloat(v float64, dec int) string {
	if v == 0 {
		v = 0
	}
	return fmt.Sprintf("%.*f", dec, v)
}

// fmtPlus writes v with dec decimals and its sign, + for zero.
func fmtPlus(v float64, dec int) string {
	if v == 0 {
		v = 0
	}
	return fmt.Sprintf("%+.*f", dec, v)
}

func fmtSigned(v int64) string {
	switch {
	case v > 0:
		return fmt.Sprintf("▲%d", v)
	case v < 0:
		return fmt.Sprintf("▼%d", -v)
	}
	return "="
}

// groupThousands writes 37000 as "37.000", the Vietnamese way.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtMachine writes a number for CSV: at most six decimals, no trailing zeros
// (a 34-unit estimate of 63.333333333333336 reads 63.333333).
func fmtMachine(v float64) string {
	s := strconv.FormatFloat(v, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
