package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lang is the report's language: every text it writes, and how it writes numbers.
type Lang string

// The languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang reads --lang.
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "vi":
		return VI, nil
	case "en":
		return EN, nil
	}
	return "", fmt.Errorf("ngôn ngữ không hỗ trợ / unsupported language %q (vi, en)", s)
}

// T picks the text of the language.
func (l Lang) T(vi, en string) string {
	if l == EN {
		return en
	}
	return vi
}

// Num writes v with dec decimals: 46,04 and 37.000 in Vietnamese, 46.04 and
// 37,000 in English. A rounded zero has no sign.
func (l Lang) Num(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	neg := v < 0 && strings.Trim(s, "0.") != ""
	intPart, frac, _ := strings.Cut(s, ".")
	thousands, point := ",", "."
	if l != EN {
		thousands, point = ".", ","
	}
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Int writes a count: 37.000 / 37,000.
func (l Lang) Int(n int64) string { return l.Num(float64(n), 0) }

// Pct writes a value already in percent: 91,43%.
func (l Lang) Pct(v float64, dec int) string { return l.Num(v, dec) + "%" }

// Signed writes a change with its sign: +1,25 / -0,40.
func (l Lang) Signed(v float64, dec int) string {
	s := l.Num(v, dec)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.,") != "" {
		return "+" + s
	}
	return s
}

// SignedInt writes a rank change: +4 / -2 / 0.
func (l Lang) SignedInt(n int64) string {
	if n > 0 {
		return "+" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
