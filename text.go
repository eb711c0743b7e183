package cchc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxFold is how many bytes of a string Fold reads.
const MaxFold = 4096

// NFC returns s in Unicode normal form C with surrounding space trimmed.
// Every string from outside passes through it.
func NFC(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// Fold returns the matching key of s: NFC, lower case, Vietnamese diacritics
// removed (đ becomes d), punctuation turned into spaces and spaces collapsed.
// "TP. Hồ Chí Minh", "tp ho chi minh" and "TP.HỒ CHÍ MINH" fold alike.
// Only the first MaxFold bytes of s are read: no name, label or keyword
// cchc matches is that long, and a 10 MB cell is not folded whole each
// time a header or a province is looked for. The key of a longer string
// ends in "…", so it matches no name.
func Fold(s string) string {
	long := len(s) > MaxFold
	if long {
		cut := MaxFold
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
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
	if long {
		return strings.TrimSpace(b.String()) + "…"
	}
	return strings.TrimSpace(b.String())
}

// Squash is Fold without spaces: "BR - VT" and "BRVT" squash alike.
func Squash(s string) string {
	return strings.ReplaceAll(Fold(s), " ", "")
}
