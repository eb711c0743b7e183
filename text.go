package cchc

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normal form C with surrounding space trimmed.
// Every string from outside passes through it.
func NFC(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// Fold returns the matching key of s: NFC, lower case, Vietnamese diacritics
// removed (đ becomes d), punctuation turned into spaces and spaces collapsed.
// "TP. Hồ Chí Minh", "tp ho chi minh" and "TP.HỒ CHÍ MINH" fold alike.
func Fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	space := true
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// Squash is Fold without spaces: "BR - VT" and "BRVT" squash alike.
func Squash(s string) string {
	return strings.ReplaceAll(Fold(s), " ", "")
}
