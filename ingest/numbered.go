package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"cchc"
)

// Numbered component labels: "1: Tham gia của người dân ở cấp cơ sở",
// "1.1: Tri thức công dân", "Dimension 1: Participation", "Chỉ số nội
// dung 3", "Chi so thanh phan 6", "CSTP 6", with or without diacritics. They
// map by their number within that year's structure (the reference's own
// numbering: PCI's sub-index 6 is proactivity in 2009-2012 and equal
// competition from 2013), never by the words after the number; words that
// name another component give a note, not a remap.

var numberedLabel = regexp.MustCompile(`^(chi so noi dung|chi so thanh phan|noi dung|dimension|sub-?index|cstp|tp)?\s*(\d{1,2}(?:\.\d{1,2})?)\s*(?:([:.)\-–])\s*(.*))?$`)

// unmark lowers s and removes its diacritics (đ becomes d), keeping punctuation.
func unmark(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// numbered splits a numbered label into its number ("1", "5.2") and the
// words after it; ok only for a label that is written as a numbered
// component: a prefix word, a separator and words, or a dotted number.
func numbered(label string) (number, rest string, ok bool) {
	if len(label) > 300 {
		return "", "", false
	}
	m := numberedLabel.FindStringSubmatch(unmark(label))
	if m == nil {
		return "", "", false
	}
	prefix, number, sep, rest := m[1], m[2], m[3], strings.TrimSpace(m[4])
	if sep == "." && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return "", "", false // "1.1.1 ...": an indicator under a sub-dimension
	}
	if prefix == "" && rest == "" && !strings.Contains(number, ".") {
		return "", "", false // a bare number is an alias or a value, not a numbered label
	}
	return number, rest, true
}

// numberedComponent is the component a numbered label names in year.
func (m *HeaderMapper) numberedComponent(index, label string, year int) (string, bool, error) {
	number, _, ok := numbered(label)
	if !ok || !m.IsComponent(index, number) {
		return "", false, nil
	}
	code, err := m.Component(index, number, year)
	if err != nil {
		return "", true, fmt.Errorf("%s đánh số %s: %w / numbered %s: %w", cchc.BoundQuoted(label), number, err, number, err)
	}
	return code, true, nil
}

// NumberedNote is a note when a numbered label's words name another
// component than its number does: mapped by the number, said so.
func (m *HeaderMapper) NumberedNote(index, label string, year int) string {
	number, rest, ok := numbered(label)
	if !ok || rest == "" {
		return ""
	}
	code, err := m.Component(index, number, year)
	if err != nil {
		return ""
	}
	byWords, err := m.Component(index, rest, year)
	if err != nil || byWords == code {
		return ""
	}
	return fmt.Sprintf("nhãn %s: số %s là %s nhưng tên giống %s; nạp theo số / label %s: number %s is %s but the words name %s; loaded by the number",
		cchc.BoundQuoted(label), number, code, byWords, cchc.BoundQuoted(label), number, code, byWords)
}
