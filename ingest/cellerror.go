package ingest

import (
	"fmt"
	"path/filepath"
	"strings"

	"cchc"
)

// CellError locates a bad value: file, sheet, row, column and value.
type CellError struct {
	File   string
	Sheet  string
	Row    int
	Column string
	Value  string
	Err    error
}

func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(filepath.Base(e.File))
	if e.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ", dòng/row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", cột/column %q", e.Column)
	}
	if e.Column != "" || e.Value != "" {
		fmt.Fprintf(&b, ", giá trị/value %s", cchc.BoundQuoted(e.Value))
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *CellError) Unwrap() error { return e.Err }
