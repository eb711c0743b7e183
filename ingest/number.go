package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// NumberRule says how one column writes numbers: which character is the
// decimal separator. The thousands separator is the other of '.' and ','
// (spaces, including no-break spaces, are always grouping).
type NumberRule struct {
	Decimal byte // '.' or ','; 0 while undecided
}

func (r NumberRule) String() string {
	switch r.Decimal {
	case '.':
		return "1,234.5"
	case ',':
		return "1.234,5"
	}
	return "undecided"
}

// ErrAmbiguousNumber is returned for a cell such as "1.234" whose meaning
// (1234 or 1.234) the column's other cells do not settle.
var ErrAmbiguousNumber = errors.New("số không rõ nghĩa, dấu chấm/phẩy có thể là phần nghìn hoặc thập phân / ambiguous number: the separator may be a thousands or a decimal mark")

// ErrNotNumber is returned for a cell that is not a number.
var ErrNotNumber = errors.New("không phải số / not a number")

// ErrRuleConflict is returned when cells of one column disagree on the
// decimal separator.
var ErrRuleConflict = errors.New("cột dùng lẫn hai kiểu số / the column mixes two number formats")

// cleanNumber strips what never matters: spaces used for grouping, a
// percent sign, a leading plus and a Unicode minus.
func cleanNumber(s string) string {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\u00a0", "", "\u202f", "", " ", "", "\u2212", "-", "%", "").Replace(s)
	s = strings.TrimPrefix(s, "+")
	return s
}

// evidence returns the decimal separator a single cell proves (0 if the
// cell proves nothing), or an error if the cell cannot be a number.
func evidence(cell string) (byte, error) {
	s := cleanNumber(cell)
	if s == "" {
		return 0, nil
	}
	body := strings.TrimPrefix(s, "-")
	if body == "" {
		return 0, ErrNotNumber
	}
	dots, commas := strings.Count(body, "."), strings.Count(body, ",")
	for i := 0; i < len(body); i++ {
		c := body[i]
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			if c == 'e' || c == 'E' {
				if _, err := strconv.ParseFloat(s, 64); err == nil {
					return '.', nil
				}
			}
			return 0, ErrNotNumber
		}
	}
	switch {
	case dots == 0 && commas == 0:
		return 0, nil
	case dots > 0 && commas > 0:
		// The last separator is the decimal one: "1.234,56", "1,234.56".
		last := body[strings.LastIndexAny(body, ".,")]
		first := body[strings.IndexAny(body, ".,")]
		if first == last {
			return 0, ErrNotNumber
		}
		if strings.Count(body, string(last)) > 1 {
			return 0, ErrNotNumber
		}
		return last, nil
	case dots > 1:
		return ',', nil // "1.234.567": dots are grouping
	case commas > 1:
		return '.', nil
	}
	sep := byte('.')
	if commas == 1 {
		sep = ','
	}
	i := strings.IndexByte(body, sep)
	frac := len(body) - i - 1
	if i == 0 || i > 3 || frac != 3 || body[0] == '0' && i == 1 {
		// ".5", "53,5", "72.38", "0.123", "1234.567": only a decimal reading.
		return sep, nil
	}
	return 0, nil // "1.234" or "37,000": could be either
}

// InferRule decides a column's rule from its cells. It returns the rule
// (Decimal 0 when no cell settles it) or, when cells disagree, the index of
// the first cell that contradicts the others with ErrRuleConflict; a cell
// that is not a number gives its index and ErrNotNumber.
func InferRule(cells []string) (NumberRule, int, error) {
	var rule NumberRule
	for i, c := range cells {
		e, err := evidence(c)
		if err != nil {
			return NumberRule{}, i, err
		}
		if e == 0 {
			continue
		}
		if rule.Decimal == 0 {
			rule.Decimal = e
		} else if rule.Decimal != e {
			return rule, i, ErrRuleConflict
		}
	}
	return rule, -1, nil
}

// MajorityRule decides a column's rule by the separator most of its
// deciding cells use, ignoring cells that are not numbers; the cells that
// disagree are rejected one by one when parsed.
func MajorityRule(cells []string) NumberRule {
	var dots, commas int
	for _, c := range cells {
		switch e, err := evidence(c); {
		case err != nil:
		case e == '.':
			dots++
		case e == ',':
			commas++
		}
	}
	switch {
	case dots == 0 && commas == 0:
		return NumberRule{}
	case commas > dots:
		return NumberRule{Decimal: ','}
	}
	return NumberRule{Decimal: '.'}
}

// ParseNumber parses cell under rule. An empty cell is (0, false, nil).
// With an undecided rule a cell that could be read two ways is
// ErrAmbiguousNumber.
func ParseNumber(cell string, rule NumberRule) (float64, bool, error) {
	s := cleanNumber(cell)
	if s == "" {
		return 0, false, nil
	}
	e, err := evidence(cell)
	if err != nil {
		return 0, false, err
	}
	dec := rule.Decimal
	if dec == 0 {
		dec = e
	}
	if e != 0 && e != dec {
		return 0, false, fmt.Errorf("%w (cột dùng %s / column uses %s)", ErrRuleConflict, rule, rule)
	}
	if dec == 0 && strings.ContainsAny(s, ".,") {
		return 0, false, ErrAmbiguousNumber
	}
	group := byte(',')
	if dec == ',' {
		group = '.'
	}
	if strings.IndexByte(s, group) >= 0 && !validGrouping(strings.TrimPrefix(s, "-"), group, dec) {
		return 0, false, ErrNotNumber
	}
	s = strings.ReplaceAll(s, string(group), "")
	if dec == ',' {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, ErrNotNumber
	}
	return v, true, nil
}

// validGrouping reports whether the integer part of s groups digits by
// three: "1.234.567,8" yes, "12.34,5" no.
func validGrouping(s string, group, dec byte) bool {
	if i := strings.IndexByte(s, dec); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, string(group))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// ParseInt parses an integer cell (a rank, a count) under rule; "37.000"
// in a column whose rule is undecided is read as thirty-seven thousand only
// if the rule says '.' groups, else it is ambiguous. A fractional value is
// an error.
func ParseInt(cell string, rule NumberRule) (int64, bool, error) {
	v, ok, err := ParseNumber(cell, rule)
	if err != nil || !ok {
		return 0, ok, err
	}
	if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
		return 0, false, fmt.Errorf("%w: cần số nguyên / an integer is required", ErrNotNumber)
	}
	return int64(v), true, nil
}
