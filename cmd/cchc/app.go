package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"cchc"
	"cchc/ingest"
	"cchc/queries"
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what every subcommand gets: streams and the global settings.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string // --db given before the subcommand
	// progressEvery, when set, replaces how often progress is written as a
	// plain line (tests)
	progressEvery time.Duration
}

func commands() []command {
	return []command{
		{"demo", "chạy toàn bộ trên dữ liệu minh họa / run everything on the illustrative sample", runDemo},
		{"ingest", "nạp tệp chỉ số (cả bảng PCI/PAPI chính thức), đào tạo, hồ sơ, phiếu hài lòng (CSV, XLSX, XLS) / load index (official PCI/PAPI workbooks too), training, dossier and satisfaction files", runIngest},
		{"loads", "liệt kê các lần nạp: dòng đang dùng, bị thay thế, mâu thuẫn / list the loads: rows in force, superseded, conflicts", runLoads},
		{"unload", "gỡ một lần nạp, khôi phục những gì nó đã thay thế / take a load out, restoring what it superseded", runUnload},
		{"build", "dựng các mô hình SQL và chạy kiểm tra / build the SQL models and run the checks", runBuild},
		{"rank", "xếp hạng tỉnh/thành theo một chỉ số / rank provinces on an index", runRank},
		{"training", "đào tạo, bồi dưỡng: lớp, lượt học viên, người / training: classes, attendances, persons", runTraining},
		{"compare", "so sánh tỉnh/thành qua các năm / compare provinces across years", runCompare},
		{"dossiers", "hồ sơ TTHC: đúng hạn, trực tuyến, tồn, hài lòng / dossiers: on time, online, backlog, satisfaction", runDossiers},
		{"chart", "vẽ biểu đồ PNG/SVG: xếp hạng, xu hướng, đào tạo theo tháng / draw PNG or SVG charts: ranked, trend, training by month", runChart},
		{"dashboard", "ghi bảng điều khiển tĩnh (mở được không cần máy chủ) / write the static dashboard (opens without a server)", runDashboard},
		{"report", "viết báo cáo năm (quốc gia hoặc từng tỉnh) HTML và PDF / write the annual report (national or per province) as HTML and PDF", runReport},
		{"serve", "phục vụ bảng điều khiển từ kho, chỉ đọc / serve the dashboard from the warehouse, read-only", runServe},
		{"provinces", "liệt kê đơn vị cấp tỉnh (63 hoặc 34) / list provincial units (63 or 34)", runProvinces},
		{"export", "xuất bảng ra Parquet (phân vùng Hive), CSV, XLSX / export tables as a Hive-partitioned Parquet lake, CSV or XLSX", runExport},
		{"sql", "chạy truy vấn chỉ đọc / run a read-only query", runSQL},
	}
}

const mainUsage = `cchc — kho dữ liệu cải cách hành chính / the administrative-reform analytics warehouse

Cách dùng / usage:
  cchc [--db PATH] LỆNH [tùy chọn]     (--db hoặc CCHC_DB; mặc định ./cchc.duckdb)

Lệnh / commands:
%s
Ví dụ / examples:
  cchc ingest du_lieu/                    (mọi tệp trong thư mục / every file in a folder)
  cchc ingest PCI_2015.xlsx pci_2019.csv
  cchc loads                              (các lần nạp / the loads; cchc unload ID)
  cchc build
  cchc rank --index PCI --year 2019 --top 10
  cchc dossiers --year 2023 --by level
  cchc compare --index PAPI --provinces "Quảng Ninh,Hà Nội" --from 2018 --to 2023
  cchc chart rank --index PCI --year 2019 -o pci2019.png
  cchc training --year 2023 --by month
  cchc report --year 2023 -o bao_cao/
  cchc export --format parquet --what all -o out/lake

'cchc LỆNH --help' cho chi tiết / for details.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	// global --db before the command
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		switch {
		case a == "-h" || a == "--help" || a == "-help":
			printMain(stdout)
			return 0
		case a == "--db" || a == "-db":
			if len(args) < 2 {
				fmt.Fprintln(stderr, "cchc: --db cần đường dẫn / --db needs a path")
				return 2
			}
			e.db, args = args[1], args[2:]
		case strings.HasPrefix(a, "--db=") || strings.HasPrefix(a, "-db="):
			e.db, args = a[strings.Index(a, "=")+1:], args[1:]
		default:
			fmt.Fprintf(stderr, "cchc: tùy chọn không rõ / unknown option %s (cchc --help)\n", a)
			return 2
		}
	}
	if len(args) == 0 {
		printMain(stderr)
		return 2
	}
	if args[0] == "help" {
		if len(args) > 1 {
			args = []string{args[1], "--help"}
		} else {
			printMain(stdout)
			return 0
		}
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		if err == nil || errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "cchc %s: %s\n", c.name, oneLine(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stderr, "cchc: không có lệnh / unknown command %q (cchc --help)\n", args[0])
	return 2
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func printMain(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, mainUsage, b.String())
}

// newFlags returns a FlagSet with --db and a usage text with an example.
func newFlags(e *env, name, usage string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors become one line on stderr; help goes to stdout
	db := fs.String("db", "", "tệp kho dữ liệu / warehouse file (mặc định/default $CCHC_DB hoặc ./cchc.duckdb)")
	fs.Usage = func() {}
	helpTexts.Store(fs, func() {
		fmt.Fprint(e.stdout, usage)
		fmt.Fprintln(e.stdout, "\nTùy chọn / options:")
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	})
	return fs, db
}

// helpTexts holds, per flag set, the function that prints its help.
var helpTexts sync.Map

// parseFlags parses args, allowing flags after positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if help, ok := helpTexts.Load(fs); ok {
					help.(func())()
				}
				return nil, err
			}
			msg := err.Error()
			if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
				msg = fmt.Sprintf("tùy chọn không có / unknown option %s", rest)
			} else {
				msg = "tùy chọn sai / bad option: " + msg
			}
			return nil, &usageError{fmt.Sprintf("%s (cchc %s --help)", msg, fs.Name())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (e *env) dbPath(flagValue string) string {
	if flagValue != "" {
		return cchc.DBPath(flagValue)
	}
	return cchc.DBPath(e.db)
}

func checkFormat(f string) error {
	switch f {
	case "table", "csv", "json":
		return nil
	}
	return usagef("--format phải là table, csv hoặc json / --format must be table, csv or json (got %q)", f)
}

// checkTableOrJSON accepts the --format of commands that print a table or JSON.
func checkTableOrJSON(f string) error {
	if f != "table" && f != "json" {
		return usagef("--format phải là table hoặc json / --format must be table or json (got %q)", f)
	}
	return nil
}

// openMarts opens the warehouse read-only and checks that the marts are
// built, warning when loads happened after the last build.
func openMarts(ctx context.Context, e *env, path string) (*sql.DB, *queries.Queries, error) {
	db, err := cchc.Open(ctx, path, true)
	if err != nil {
		return nil, nil, err
	}
	q := queries.New(db)
	b, err := q.BuildInfo(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if last, err := ingest.LastLoadID(ctx, db); err == nil && last > b.LastLoadID {
		fmt.Fprintln(e.stderr, "cảnh báo / warning: đã nạp dữ liệu mới sau lần build cuối, hãy chạy 'cchc build' / data was loaded after the last build, run 'cchc build'")
	}
	return db, q, nil
}

// resolveIndex returns the id of the index or measure v names (cchc.LookupIndex).
func resolveIndex(v string) (string, error) {
	ix, ok := cchc.LookupIndex(v)
	if !ok {
		return "", &usageError{(&cchc.UnknownIndexError{Value: v}).Error()}
	}
	return ix.ID, nil
}

// unitSetFor returns the map in force in year unless the user chose one.
func unitSetFor(year int, flagValue string) (string, error) {
	u, err := cchc.ParseUnitSet(flagValue)
	if err != nil {
		return "", &usageError{err.Error()}
	}
	return string(cchc.MapOr(u, year)), nil
}

// checkUnits accepts "" (the map in force), "63" or "34".
func checkUnits(u string) error {
	if _, err := cchc.ParseUnitSet(u); err != nil {
		return &usageError{err.Error()}
	}
	return nil
}

// resolveProvince resolves a name the user typed on the map asked for, in
// year: the one rule (cchc.Resolve) for every --province and --highlight.
func resolveProvince(name, unitSet string, year int) (cchc.Unit, error) {
	u, err := cchc.Resolve(name, cchc.UnitSet(unitSet), year)
	if err != nil {
		return u, &usageError{err.Error()}
	}
	return u, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
