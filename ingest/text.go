package ingest

import "cchc"

// NFC, Fold and Squash are the domain's text keys (cchc.NFC, cchc.Fold,
// cchc.Squash), named here for the readers that use them at every cell.
func NFC(s string) string    { return cchc.NFC(s) }
func Fold(s string) string   { return cchc.Fold(s) }
func Squash(s string) string { return cchc.Squash(s) }
