// Command bench measures how fast 'cchc ingest' loads dossier records
// against DuckDB's own CSV reader on the same file, in the same run, and
// cchc's peak memory. 'make bench' runs it (ROWS= to change the size).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"cchc/data"
	"cchc/data/sample"
)

func main() {
	rows := flag.Int("rows", 2_000_000, "dossier records to generate")
	bin := flag.String("cchc", "bin/cchc", "the cchc binary to measure")
	dir := flag.String("dir", "", "working directory (default: a temporary one, removed after)")
	flag.Parse()
	if err := run(*rows, *bin, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(rows int, bin, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "cchc-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	for _, f := range []string{"duckdb_only.duckdb", "duckdb_only.duckdb.wal", "cchc.duckdb", "cchc.duckdb.wal"} {
		os.Remove(filepath.Join(dir, f))
	}
	ref, err := data.Load()
	if err != nil {
		return err
	}
	var codes []string
	for _, p := range ref.Provinces {
		if p.ValidTo == "" || p.ValidTo >= "2025" {
			codes = append(codes, p.Code)
		}
	}
	csvPath := filepath.Join(dir, "dossier_records.csv")
	t0 := time.Now()
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	if err := sample.WriteDossierRecords(w, rows, codes, 2023); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, _ := os.Stat(csvPath)
	fmt.Printf("generated %d dossier records over %d provinces: %s (%.0f MB) in %.1fs\n", rows, len(codes), csvPath, float64(st.Size())/1e6, time.Since(t0).Seconds())

	// DuckDB's own reader into a table, typed (explicit columns: no sniffing).
	db, err := sql.Open("duckdb", filepath.Join(dir, "duckdb_only.duckdb"))
	if err != nil {
		return err
	}
	t1 := time.Now()
	_, err = db.ExecContext(context.Background(), `create table dossiers as select * from read_csv(?, header = true, columns = {
		'dossier_id': 'VARCHAR', 'province': 'VARCHAR', 'agency': 'VARCHAR', 'level': 'VARCHAR', 'procedure_code': 'VARCHAR',
		'field': 'VARCHAR', 'channel': 'VARCHAR', 'received_date': 'VARCHAR', 'due_date': 'VARCHAR', 'resolved_date': 'DATE', 'status': 'VARCHAR'})`, csvPath)
	duck := time.Since(t1)
	db.Close()
	if err != nil {
		return fmt.Errorf("duckdb read_csv: %w", err)
	}

	// cchc ingest of the same file, in a child process to measure its peak memory.
	cmd := exec.Command(bin, "--db", filepath.Join(dir, "cchc.duckdb"), "ingest", "--kind", "dossier-records", csvPath)
	cmd.Stderr = os.Stderr
	t2 := time.Now()
	out, err := cmd.Output()
	cc := time.Since(t2)
	if err != nil {
		return fmt.Errorf("cchc ingest: %w\n%s", err, out)
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	ratio := duck.Seconds() / cc.Seconds()
	fmt.Printf("duckdb read_csv -> table:  %6.2fs  %5.3f M rows/s\n", duck.Seconds(), float64(rows)/duck.Seconds()/1e6)
	fmt.Printf("cchc ingest (validated):   %6.2fs  %5.3f M rows/s\n", cc.Seconds(), float64(rows)/cc.Seconds()/1e6)
	fmt.Printf("ratio cchc / duckdb:       %6.2f  (target >= 0.80)\n", ratio)
	fmt.Printf("cchc peak memory (RSS):    %6.0f MiB (target < 1024 MiB at 2M rows)\n", float64(rss)/(1<<20))
	fmt.Printf("cchc said: %s", out)
	return nil
}
