package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cchc/models"

	"github.com/creack/pty"
)

// capture runs the command with stderr on w (a terminal or a pipe) and
// returns what was written to stdout and to the other end r.
func capture(t *testing.T, e *env, r io.Reader, cmd func(context.Context, *env, []string) error, args ...string) (string, string) {
	t.Helper()
	got := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, r)
		got <- b.String()
	}()
	var out bytes.Buffer
	e.stdout = &out
	if err := cmd(context.Background(), e, args); err != nil {
		t.Fatal(err)
	}
	e.stderr.(*os.File).Close()
	select {
	case s := <-got:
		return out.String(), s
	case <-time.After(10 * time.Second):
		t.Fatal("stderr was not closed")
	}
	return "", ""
}

// open returns the two ends of a terminal or, when tty is false, a pipe.
func open(t *testing.T, tty bool) (read io.ReadCloser, write *os.File) {
	t.Helper()
	if tty {
		ptmx, tt, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal here: %v", err)
		}
		t.Cleanup(func() { ptmx.Close() })
		if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 120}); err != nil {
			t.Fatal(err)
		}
		return ptmx, tt
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, w
}

// TestProgressBarOnATerminalOnly: ingest of a records file and build draw a
// bar on a terminal; on a pipe there is no bar (plain lines once the work
// lasts longer than the interval), and --format json adds nothing.
func TestProgressBarOnATerminalOnly(t *testing.T) {
	dir := t.TempDir()
	all, err := models.Load(models.FS())
	if err != nil {
		t.Fatal(err)
	}
	lastStep := fmt.Sprintf("cchc build: %d/%d mô hình/models (checks.", len(all), len(all))
	records := writeRecords(t, dir, "ho_so.csv", 20000, []string{"22", "01"}, 2023)
	tests := []struct {
		name      string
		tty       bool
		every     time.Duration
		cmd       func(context.Context, *env, []string) error
		args      []string
		want, not []string
	}{
		{"ingest on a terminal", true, 0, runIngest, []string{"ingest", records},
			[]string{"ho_so.csv: 0.02 M dòng/rows", "100%", "\r"}, []string{"cchc ingest:"}},
		{"build on a terminal", true, 0, runBuild, []string{"build"},
			[]string{"mô hình / models", "100%", "\r"}, nil},
		{"build --format json on a terminal", true, 0, runBuild, []string{"build", "--format", "json"},
			nil, []string{"mô hình", "%", "\r"}},
		{"ingest on a pipe, quickly", false, 0, runIngest, []string{"ingest", writeRecords(t, dir, "b.csv", 20000, []string{"79"}, 2023)},
			nil, []string{"\r", "\x1b[", "█", "dòng/rows"}},
		{"ingest on a pipe, lines every interval", false, time.Nanosecond, runIngest, []string{"ingest", writeRecords(t, dir, "c.csv", 300000, []string{"48"}, 2023)},
			[]string{"cchc ingest: c.csv: ", " M dòng/rows", "100% ("}, []string{"\r", "\x1b["}},
		{"build on a pipe, lines every interval", false, time.Nanosecond, runBuild, []string{"build", "--full"},
			[]string{lastStep}, []string{"\r", "\x1b["}},
	}
	db := filepath.Join(dir, "w.duckdb")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := open(t, tt.tty)
			e := &env{stdin: strings.NewReader(""), stderr: w, db: db, progressEvery: tt.every}
			stdout, stderr := capture(t, e, r, tt.cmd, tt.args[1:]...)
			t.Logf("stderr: %q", stderr)
			for _, s := range tt.want {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%q", s, stderr)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(stderr, s) {
					t.Errorf("stderr has %q:\n%q", s, stderr)
				}
			}
			if strings.Contains(stdout, "\r") {
				t.Errorf("the bar went to stdout: %q", stdout)
			}
		})
	}
}
