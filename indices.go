package cchc

import (
	"fmt"
	"strings"

	"cchc/data"
)

// LookupIndex returns the index or measure a user named: its id, its
// Vietnamese or English name or an alias, in any case and with or without
// diacritics ("pci", "Chỉ số PAPI", "dossier_on_time").
func LookupIndex(v string) (data.Index, bool) {
	key := Fold(strings.ReplaceAll(v, "_", " "))
	if key == "" {
		return data.Index{}, false
	}
	for _, ix := range theDomain().ref.Indices {
		names := append([]string{ix.ID, ix.NameVI, ix.NameEN}, strings.Split(ix.Aliases, "|")...)
		for _, n := range names {
			if n != "" && Fold(strings.ReplaceAll(n, "_", " ")) == key {
				return ix, true
			}
		}
	}
	return data.Index{}, false
}

// IndexIDs returns every index and measure that can be ranked: the
// published indices first, then cchc's own measures, each in file order.
func IndexIDs() []IndexID {
	var pub, own []IndexID
	for _, ix := range theDomain().ref.Indices {
		if ix.Kind == "published" {
			pub = append(pub, IndexID(ix.ID))
		} else {
			own = append(own, IndexID(ix.ID))
		}
	}
	return append(pub, own...)
}

// UnknownIndexError is a --index that names no index or measure.
type UnknownIndexError struct{ Value string }

func (e *UnknownIndexError) Error() string {
	var known []string
	for _, id := range IndexIDs() {
		known = append(known, string(id))
	}
	if e.Value == "" {
		return fmt.Sprintf("thiếu --index (%s) / --index is required (%s)", strings.Join(known, ", "), strings.Join(known, ", "))
	}
	return fmt.Sprintf("không có chỉ số %q (%s) / unknown index %q", e.Value, strings.Join(known, ", "), e.Value)
}
