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
	"slices"
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
	rounds := flag.Int("rounds", 3, "alternating rounds of each load; the medians are compared")
	flag.Parse()
	if err := run(*rows, *bin, *dir, max(1, *rounds)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(rows int, bin, dir string, rounds int) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "cchc-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
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

	// The machine is shared: alternate the two loads and compare medians.
	var duck, cc []time.Duration
	var rss int64
	var said []byte
	for r := 0; r < rounds; r++ {
		for _, f := range []string{"duckdb_only.duckdb", "duckdb_only.duckdb.wal", "cchc.duckdb", "cchc.duckdb.wal"} {
			os.Remove(filepath.Join(dir, f))
		}
		d, err := duckdbLoad(filepath.Join(dir, "duckdb_only.duckdb"), csvPath)
		if err != nil {
			return err
		}
		duck = append(duck, d)
		c, peak, out, err := cchcLoad(bin, filepath.Join(dir, "cchc.duckdb"), csvPath)
		if err != nil {
			return err
		}
		cc, rss, said = append(cc, c), max(rss, peak), out
		fmt.Printf("round %d: duckdb %.2fs, cchc %.2fs, cchc peak RSS %.0f MiB\n", r+1, d.Seconds(), c.Seconds(), float64(peak)/(1<<20))
	}
	dm, cm := median(duck), median(cc)
	fmt.Printf("duckdb read_csv -> table:  %6.2fs  %5.3f M rows/s  (median of %d)\n", dm.Seconds(), float64(rows)/dm.Seconds()/1e6, rounds)
	fmt.Printf("cchc ingest (validated):   %6.2fs  %5.3f M rows/s  (median of %d)\n", cm.Seconds(), float64(rows)/cm.Seconds()/1e6, rounds)
	fmt.Printf("ratio cchc / duckdb:       %6.2f  (target >= 0.80)\n", dm.Seconds()/cm.Seconds())
	fmt.Printf("cchc peak memory (RSS):    %6.0f MiB (target < 1024 MiB at 2M rows)\n", float64(rss)/(1<<20))
	fmt.Printf("cchc said: %s", said)
	return nil
}

// duckdbLoad times DuckDB's own reader into a table, typed by explicit
// columns (no sniffing), in this process.
func duckdbLoad(dbPath, csvPath string) (time.Duration, error) {
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return 0, err
	}
	t := time.Now()
	_, err = db.ExecContext(context.Background(), `create table dossiers as select * from read_csv(?, header = true, columns = {
		'dossier_id': 'VARCHAR', 'province': 'VARCHAR', 'agency': 'VARCHAR', 'level': 'VARCHAR', 'procedure_code': 'VARCHAR',
		'field': 'VARCHAR', 'channel': 'VARCHAR', 'received_date': 'VARCHAR', 'due_date': 'VARCHAR', 'resolved_date': 'DATE', 'status': 'VARCHAR'})`, csvPath)
	d := time.Since(t)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("duckdb read_csv: %w", err)
	}
	return d, nil
}

// cchcLoad times 'cchc ingest' of the file in a child process and reads
// its peak memory.
func cchcLoad(bin, dbPath, csvPath string) (time.Duration, int64, []byte, error) {
	cmd := exec.Command(bin, "--db", dbPath, "ingest", "--kind", "dossier-records", csvPath)
	cmd.Stderr = os.Stderr
	t := time.Now()
	out, err := cmd.Output()
	d := time.Since(t)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("cchc ingest: %w\n%s", err, out)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return d, rss, out, nil
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	slices.Sort(s)
	return s[len(s)/2]
}
