package data

import (
	"os"
	"path/filepath"
)

// TB is the part of testing.TB that RequireShared uses (so that this
// package does not import testing).
type TB interface {
	Helper()
	Skip(args ...any)
	Fatal(args ...any)
}

// SharedDir returns the ../shared directory beside the module root (the
// team's real published data, never committed here), or "" if absent.
func SharedDir() string {
	if d := os.Getenv("CCHC_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if st, err := os.Stat(filepath.Join(shared, "data")); err == nil && st.IsDir() {
				return shared
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// RequireShared returns the shared directory for a test, skipping the test
// with a message when it is absent, or failing it when CI is set.
func RequireShared(tb TB) string {
	tb.Helper()
	d := SharedDir()
	if d == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("../shared is missing and CI is set: tests that read the shared data must run")
		}
		tb.Skip("../shared not found beside the module: skipping a test that reads the shared data")
	}
	return d
}
