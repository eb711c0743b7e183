package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"cchc"
	"cchc/internal/export"
)

// crashChild, set in a child's environment, makes the test binary run the
// cchc command line it holds (one argument a line) instead of the tests.
const crashChild = "CCHC_CRASH_CHILD"

// startCLI starts cchc as a real process: this test binary re-run as the
// command line args.
func startCLI(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestAndBuildSurviveSIGKILL$")
	cmd.Env = append(os.Environ(), crashChild+"="+strings.Join(args, "\n"))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// killAfter SIGKILLs the process after d and reports whether it was still
// running then (false: it had finished first).
func killAfter(t *testing.T, cmd *exec.Cmd, d time.Duration) bool {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(d):
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		<-done
		return false
	}
	err := <-done
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return true
		}
	}
	return false
}

// checkLedger opens the warehouse as a writer (replaying its WAL) and
// checks that every dossier record belongs to a load the ledger holds as
// loaded or superseded with exactly that many rows, that no failed load
// left rows, and returns the records of loads in force.
func checkLedger(t *testing.T, path string) int64 {
	t.Helper()
	db, err := cchc.Open(context.Background(), path, false)
	if err != nil {
		t.Fatalf("the warehouse does not open after a kill: %v", err)
	}
	defer db.Close()
	var statuses string
	if err := db.QueryRow(`select coalesce(string_agg(distinct status, ',' order by status), '') from raw._loads`).Scan(&statuses); err != nil {
		t.Fatal(err)
	}
	for _, s := range strings.Split(statuses, ",") {
		if s != "" && s != "loaded" && s != "superseded" && s != "failed" {
			t.Errorf("ledger status %q after a kill", s)
		}
	}
	rows, err := db.Query(`select r._load_id, count(*), l.status, l.rows
		from raw.dossier_records as r left join raw._loads as l on l.load_id = r._load_id
		group by all order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var inForce int64
	for rows.Next() {
		var id, n int64
		var status sql.NullString
		var ledgerRows sql.NullInt64
		if err := rows.Scan(&id, &n, &status, &ledgerRows); err != nil {
			t.Fatal(err)
		}
		switch {
		case !status.Valid:
			t.Errorf("load %d: %d records visible with no ledger row", id, n)
		case status.String == "failed":
			t.Errorf("load %d failed but %d of its records are visible", id, n)
		case ledgerRows.Int64 != n:
			t.Errorf("load %d (%s): the ledger says %d rows, %d are visible", id, status.String, ledgerRows.Int64, n)
		}
		if status.String == "loaded" {
			inForce += n
		}
	}
	return inForce
}

// TestIngestAndBuildSurviveSIGKILL kills a real 'cchc ingest' of a large
// dossier-record file and a real 'cchc build' at several points: each time
// the warehouse opens, holds no partial load, and the same ingest (or
// build) then succeeds with the right row count.
func TestIngestAndBuildSurviveSIGKILL(t *testing.T) {
	if args := os.Getenv(crashChild); args != "" {
		os.Exit(run(context.Background(), strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
	}
	if testing.Short() {
		t.Skip("-short: the crash test starts real processes")
	}
	start := time.Now()
	dir := t.TempDir()
	const n = 200000
	records := writeRecords(t, dir, "ho_so.csv", n, []string{"01", "22", "48"}, 2023)
	db := filepath.Join(dir, "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "province,year,index,score\nHà Nội,2019,PCI,60\nĐà Nẵng,2019,PCI,70\n"))
	// the kill points are fractions of how long the whole command takes here
	full := timed(t, "--db", copyTo(t, db, filepath.Join(dir, "timed_ingest.duckdb")), "ingest", records)
	killed := 0
	for _, d := range fractions(full, 0.1, 0.3, 0.5, 0.7, 0.9) {
		w := copyTo(t, db, filepath.Join(dir, fmt.Sprintf("ingest_%d.duckdb", d.Milliseconds())))
		wasRunning := killAfter(t, startCLI(t, "--db", w, "ingest", records), d)
		if wasRunning {
			killed++
		}
		before := checkLedger(t, w)
		t.Logf("ingest killed after %v (still running: %v): %d records in force", d, wasRunning, before)
		if before != 0 && before != n {
			t.Errorf("killed after %v: %d records in force, want 0 or %d", d, before, n)
		}
		mustCLI(t, "--db", w, "ingest", records)
		if got := checkLedger(t, w); got != n {
			t.Errorf("killed after %v, ingested again: %d records in force, want %d", d, got, n)
		}
	}
	if killed < 3 {
		t.Errorf("only %d of the ingests were still running when killed: the file is too small to test anything", killed)
	}
	// a build killed part way: the warehouse opens, a build then succeeds
	// and the marts hold the records
	mustCLI(t, "--db", db, "ingest", records)
	full = timed(t, "--db", copyTo(t, db, filepath.Join(dir, "timed_build.duckdb")), "build", "--full")
	killed = 0
	for _, d := range fractions(full, 0.2, 0.5, 0.8) {
		w := copyTo(t, db, filepath.Join(dir, fmt.Sprintf("build_%d.duckdb", d.Milliseconds())))
		wasRunning := killAfter(t, startCLI(t, "--db", w, "build", "--full"), d)
		if wasRunning {
			killed++
		}
		t.Logf("build killed after %v (still running: %v)", d, wasRunning)
		if got := checkLedger(t, w); got != n {
			t.Errorf("build killed after %v: %d records in force, want %d", d, got, n)
		}
		mustCLI(t, "--db", w, "build")
		conn, err := cchc.Open(context.Background(), w, true)
		if err != nil {
			t.Fatal(err)
		}
		var received int64
		err = conn.QueryRow(`select coalesce(sum(received), 0) from marts.mart_dossier_rates
			where unit_set = '63' and breakdown = 'province' and source = 'records' and year = 2023`).Scan(&received)
		conn.Close()
		if err != nil || received != n {
			t.Errorf("build killed after %v, built again: the marts receive %d records (%v), want %d", d, received, err, n)
		}
	}
	if killed == 0 {
		t.Error("every build finished before it was killed")
	}
	// an export killed part way leaves the previous export whole: its
	// manifest and every file it names, and nothing else
	w := filepath.Join(dir, "timed_build.duckdb")
	lake := filepath.Join(dir, "lake")
	full = timed(t, "--db", w, "export", "--what", "all", "-o", lake)
	want := lakeFiles(t, lake)
	killed = 0
	for _, d := range fractions(full, 0.2, 0.5, 0.8) {
		wasRunning := killAfter(t, startCLI(t, "--db", w, "export", "--what", "all", "-o", lake), d)
		if wasRunning {
			killed++
		}
		got := lakeFiles(t, lake)
		t.Logf("export killed after %v (still running: %v): %d files", d, wasRunning, len(got))
		if wasRunning && fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("export killed after %v: the lake changed", d)
		}
		want = got
	}
	if killed == 0 {
		t.Error("every export finished before it was killed")
	}
	mustCLI(t, "--db", w, "export", "--what", "all", "-o", lake)
	if stale, _ := filepath.Glob(filepath.Join(dir, ".lake.*")); len(stale) != 0 {
		t.Errorf("temporary folders left after a whole export: %v", stale)
	}
	t.Logf("crash test: %v", time.Since(start).Round(time.Millisecond))
}

// lakeFiles checks that every file the export's manifest names has its
// SHA-256 and that the folder holds no other file, and returns the
// manifest's files.
func lakeFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m export.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, tab := range m.Tables {
		for _, f := range tab.Files {
			named[f.Path] = f.SHA256
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == export.ManifestFile {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if want, ok := named[rel]; !ok {
			t.Errorf("%s: not in the manifest", rel)
		} else if hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s: sha256 differs from the manifest", rel)
		}
		delete(named, rel)
		return nil
	})
	for rel := range named {
		t.Errorf("%s: named by the manifest, missing", rel)
	}
	files := map[string]string{}
	for _, tab := range m.Tables {
		for _, f := range tab.Files {
			files[f.Path] = f.SHA256
		}
	}
	return files
}

// timed runs cchc as a process to its end and returns how long it took.
func timed(t *testing.T, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	if err := startCLI(t, args...).Wait(); err != nil {
		t.Fatalf("cchc %s: %v", strings.Join(args, " "), err)
	}
	return time.Since(start)
}

func fractions(d time.Duration, fs ...float64) []time.Duration {
	out := make([]time.Duration, len(fs))
	for i, f := range fs {
		out[i] = time.Duration(f * float64(d))
	}
	return out
}

// copyTo copies the warehouse from to the path to and returns to.
func copyTo(t *testing.T, from, to string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(from + ".wal"); err == nil {
		os.WriteFile(to+".wal", wal, 0o644)
	}
	return to
}
