// Command bench measures cchc at scale, in one run, against DuckDB's own
// CSV reader where a peer exists: the load of a generated dossier-record
// file (time and peak memory, each in a child process, alternating rounds,
// medians compared), a full build with index workbooks loaded, an
// incremental build after one more index file and after the records of one
// province, the rank and dossiers queries (median of 5), and the national
// report, every province profile and the dashboard of the demo. 'make bench'
// runs it; ROWS= sets the size (a comma list runs several sizes).
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
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"cchc/data"
	"cchc/data/sample"
)

func main() {
	rows := flag.String("rows", "2000000", "dossier records to generate; a comma list runs each size")
	bin := flag.String("cchc", "bin/cchc", "the cchc binary to measure")
	dir := flag.String("dir", "", "working directory (default: a temporary one, removed after)")
	rounds := flag.Int("rounds", 2, "alternating rounds of each load; the medians are compared")
	official := flag.String("official", "../shared/data/official", "folder of official index workbooks (the sample's index files when absent)")
	duckLoad := flag.String("duckdb-load", "", "internal: load this CSV with DuckDB's read_csv into -dir/duckdb_only.duckdb and exit")
	flag.Parse()
	if *duckLoad != "" {
		if err := duckdbLoad(filepath.Join(*dir, "duckdb_only.duckdb"), *duckLoad); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	var sizes []int
	for _, s := range strings.Split(*rows, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench: -rows %q: want a positive count or a comma list of them\n", *rows)
			os.Exit(2)
		}
		sizes = append(sizes, n)
	}
	if err := run(sizes, *bin, *dir, max(1, *rounds), *official); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one size's measurements.
type result struct {
	rows                         int
	mb                           float64
	duck, cchc                   time.Duration
	duckRSS, cchcRSS             int64
	full, incIndex, incRecords   time.Duration
	noChange                     time.Duration
	rank, dossiers               time.Duration
	rankArgs, dossierArgs, notes string
}

func run(sizes []int, bin, dir string, rounds int, official string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "cchc-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	indexFiles, err := indexWorkbooks(dir, official)
	if err != nil {
		return err
	}
	var results []result
	for _, n := range sizes {
		r, err := measure(n, bin, dir, rounds, indexFiles)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Println()
	fmt.Println("| rows | CSV | DuckDB read_csv (all varchar) | cchc ingest (typed, validated) | speed vs read_csv | peak RSS read_csv | peak RSS cchc | memory vs read_csv |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		fmt.Printf("| %s | %.0f MB | %.2f s | %.2f s | %.2fx | %.0f MiB | %.0f MiB | %.2fx |\n", millions(r.rows), r.mb,
			r.duck.Seconds(), r.cchc.Seconds(), r.duck.Seconds()/r.cchc.Seconds(),
			mib(r.duckRSS), mib(r.cchcRSS), float64(r.cchcRSS)/float64(r.duckRSS))
	}
	fmt.Println()
	fmt.Println("| rows | full build | build after one more index file | build after one province's records | build with nothing new | `rank` (median of 5) | `dossiers` (median of 5) |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		fmt.Printf("| %s | %.2f s | %.2f s | %.2f s | %.2f s | %.0f ms | %.0f ms |\n", millions(r.rows), r.full.Seconds(), r.incIndex.Seconds(),
			r.incRecords.Seconds(), r.noChange.Seconds(), ms(r.rank), ms(r.dossiers))
	}
	fmt.Println()
	fmt.Printf("queries: cchc %s; cchc %s (each a whole process: start, open, query, print)\n", results[0].rankArgs, results[0].dossierArgs)
	fmt.Printf("index workbooks: %s\n", results[0].notes)
	return renderBench(bin, dir)
}

// renderBench times what the renderers write from the demo warehouse (all
// four indices for 63 provinces, training and dossiers in 2023): the
// national report (HTML and PDF, every chart), every province's profile,
// and the static dashboard.
func renderBench(bin, dir string) error {
	demo := filepath.Join(dir, "demo")
	if _, _, out, err := timed(bin, "demo", "-o", demo); err != nil {
		return fmt.Errorf("demo: %w %s", err, out)
	}
	db := filepath.Join(demo, "demo.duckdb")
	var national, dash []time.Duration
	var rss int64
	for range 3 {
		d, r, _, err := timed(bin, "--db", db, "report", "--year", "2023", "-o", filepath.Join(dir, "report"))
		if err != nil {
			return err
		}
		national, rss = append(national, d), max(rss, r)
		if d, _, _, err = timed(bin, "--db", db, "dashboard", "-o", filepath.Join(dir, "dashboard")); err != nil {
			return err
		}
		dash = append(dash, d)
	}
	all, allRSS, _, err := timed(bin, "--db", db, "report", "--year", "2023", "--all-provinces", "-o", filepath.Join(dir, "profiles"))
	if err != nil {
		return err
	}
	fmt.Println()
	fmt.Println("| demo warehouse, 2023 | time | peak RSS | goal |")
	fmt.Println("| --- | ---: | ---: | ---: |")
	fmt.Printf("| `report` national, 4 indices, 63 provinces, HTML + PDF (median of 3) | %.2f s | %.0f MiB | under 10 s |\n", median(national).Seconds(), mib(rss))
	fmt.Printf("| `report --all-provinces`, 63 profiles, HTML + PDF | %.2f s | %.0f MiB | under 60 s |\n", all.Seconds(), mib(allRSS))
	fmt.Printf("| `dashboard` (median of 3) | %.2f s | | |\n", median(dash).Seconds())
	return nil
}

func millions(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%.2fM", float64(n)/1e6)
}

func mib(b int64) float64         { return float64(b) / (1 << 20) }
func ms(d time.Duration) float64  { return float64(d.Microseconds()) / 1000 }
func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// indexWorkbooks returns the index files loaded before the builds: the
// official workbooks when the folder has them, else the sample's files.
func indexWorkbooks(dir, official string) ([][]string, error) {
	var out [][]string
	if m, _ := filepath.Glob(filepath.Join(official, "*.xlsx")); len(m) > 0 {
		slices.Sort(m)
		for _, f := range m {
			out = append(out, []string{f})
		}
		return out, nil
	}
	files, err := sample.Generate(filepath.Join(dir, "sample"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		args := []string{}
		if f.Format == "wide" {
			args = append(args, "--index", f.Index)
		}
		out = append(out, append(args, f.Path))
	}
	return out, nil
}

func measure(n int, bin, dir string, rounds int, indexFiles [][]string) (result, error) {
	r := result{rows: n}
	ref, err := data.Load()
	if err != nil {
		return r, err
	}
	var codes []string
	for _, p := range ref.Provinces {
		if p.ValidTo == "" || p.ValidTo >= "2025" {
			codes = append(codes, p.Code)
		}
	}
	csvPath := filepath.Join(dir, fmt.Sprintf("dossier_records_%d.csv", n))
	if err := writeRecords(csvPath, n, codes, 2023); err != nil {
		return r, err
	}
	st, err := os.Stat(csvPath)
	if err != nil {
		return r, err
	}
	r.mb = float64(st.Size()) / 1e6
	fmt.Printf("== %s dossier records over %d provinces: %.0f MB\n", millions(n), len(codes), r.mb)

	// The machine is shared: alternate the two loads and compare medians.
	db := filepath.Join(dir, "cchc.duckdb")
	var duck, cc []time.Duration
	for k := 0; k < rounds; k++ {
		for _, f := range []string{"duckdb_only.duckdb", "duckdb_only.duckdb.wal", "cchc.duckdb", "cchc.duckdb.wal"} {
			os.Remove(filepath.Join(dir, f))
		}
		self, err := os.Executable()
		if err != nil {
			return r, err
		}
		d, drss, _, err := timed(self, "-dir", dir, "-duckdb-load", csvPath)
		if err != nil {
			return r, fmt.Errorf("duckdb read_csv: %w", err)
		}
		c, crss, out, err := timed(bin, "--db", db, "ingest", "--kind", "dossier-records", csvPath)
		if err != nil {
			return r, fmt.Errorf("cchc ingest: %w", err)
		}
		duck, cc = append(duck, d), append(cc, c)
		r.duckRSS, r.cchcRSS = max(r.duckRSS, drss), max(r.cchcRSS, crss)
		fmt.Printf("round %d: read_csv %s (%.0f MiB), cchc ingest %s (%.0f MiB): %s", k+1, secs(d), mib(drss), secs(c), mib(crss), firstLine(out))
	}
	r.duck, r.cchc = median(duck), median(cc)

	// builds: the index workbooks but the last, a full build; then one
	// more workbook; then one province's records; then nothing new
	var names []string
	for _, f := range indexFiles[:len(indexFiles)-1] {
		if _, _, out, err := timed(bin, append([]string{"--db", db, "ingest"}, f...)...); err != nil {
			return r, fmt.Errorf("cchc ingest %s: %w\n%s", f, err, out)
		}
		names = append(names, filepath.Base(f[len(f)-1]))
	}
	step := func(what string, args ...string) (time.Duration, error) {
		d, _, out, err := timed(bin, append([]string{"--db", db}, args...)...)
		if err != nil {
			return 0, fmt.Errorf("cchc %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		fmt.Printf("%s: %s (%s)\n", what, secs(d), lastLine(out))
		return d, nil
	}
	if r.full, err = step("full build", "build", "--full"); err != nil {
		return r, err
	}
	last := indexFiles[len(indexFiles)-1]
	if _, err := step("ingest "+filepath.Base(last[len(last)-1]), append([]string{"ingest"}, last...)...); err != nil {
		return r, err
	}
	names = append(names, filepath.Base(last[len(last)-1]))
	if r.incIndex, err = step("build after one more index file", "build"); err != nil {
		return r, err
	}
	one := filepath.Join(dir, "one_province.csv")
	if err := writeRecords(one, max(1000, n/len(codes)), []string{"22"}, 2023); err != nil {
		return r, err
	}
	if _, err := step("ingest one province's records", "ingest", one); err != nil {
		return r, err
	}
	if r.incRecords, err = step("build after one province's records", "build"); err != nil {
		return r, err
	}
	if r.noChange, err = step("build with nothing new", "build"); err != nil {
		return r, err
	}
	r.notes = strings.Join(names, ", ")

	// queries: a whole process each, median of 5
	rankArgs := []string{"rank", "--index", "PCI", "--year", "2015"}
	dossierArgs := []string{"dossiers", "--year", "2023", "--by", "level"}
	r.rankArgs, r.dossierArgs = strings.Join(rankArgs, " "), strings.Join(dossierArgs, " ")
	for _, q := range []struct {
		args []string
		out  *time.Duration
	}{{rankArgs, &r.rank}, {dossierArgs, &r.dossiers}} {
		var ds []time.Duration
		for k := 0; k < 5; k++ {
			d, _, out, err := timed(bin, append([]string{"--db", db}, q.args...)...)
			if err != nil {
				return r, fmt.Errorf("cchc %s: %w\n%s", strings.Join(q.args, " "), err, out)
			}
			ds = append(ds, d)
		}
		*q.out = median(ds)
	}
	return r, nil
}

func writeRecords(path string, n int, codes []string, year int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	if err := sample.WriteDossierRecords(w, n, codes, year); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// duckdbLoad loads the CSV with DuckDB's own reader into a table, every
// column as text (no sniffing: a procedure code such as 1.001230 must stay
// text), DuckDB's defaults otherwise.
func duckdbLoad(dbPath, csvPath string) error {
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(context.Background(), `create table dossiers as select * from read_csv(?, header = true, columns = {
		'dossier_id': 'VARCHAR', 'province': 'VARCHAR', 'agency': 'VARCHAR', 'level': 'VARCHAR', 'procedure_code': 'VARCHAR',
		'field': 'VARCHAR', 'channel': 'VARCHAR', 'received_date': 'VARCHAR', 'due_date': 'VARCHAR', 'resolved_date': 'VARCHAR', 'status': 'VARCHAR'})`, csvPath)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// timed runs a child process and returns its wall time, its peak memory
// (resident set) and its output.
func timed(bin string, args ...string) (time.Duration, int64, []byte, error) {
	cmd := exec.Command(bin, args...)
	t := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t)
	if err != nil {
		return 0, 0, out, fmt.Errorf("%w\n%s", err, out)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return d, rss, out, nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s + "\n"
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	slices.Sort(s)
	return s[len(s)/2]
}
