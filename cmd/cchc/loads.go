package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"cchc"
	"cchc/ingest"
)

const loadsUsage = `cchc loads [--format table|json]

Liệt kê mọi lần nạp trong sổ: mã, tệp, sha256, loại, phần dữ liệu, số dòng đã nêu, đang dùng,
bị thay thế, số khóa mâu thuẫn với nguồn khác, trạng thái (loaded, superseded: không còn dòng
nào đang dùng, unloaded, failed).
List every load in the ledger: id, file, sha256, kind, slices, rows stated, rows in force, rows
superseded, keys in conflict with another source, status (loaded, superseded: no row left in
force, unloaded, failed).

Ví dụ / example:
  cchc loads
  cchc loads --format json
`

func runLoads(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "loads", loadsUsage)
	format := fs.String("format", "table", "định dạng / output format: table, json")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("không nhận đối số / takes no arguments (got %q)", rest[0])
	}
	if err := checkTableOrJSON(*format); err != nil {
		return err
	}
	db, err := cchc.Open(ctx, e.dbPath(*dbFlag), false)
	if err != nil {
		return err
	}
	defer db.Close()
	loads, err := ingest.Loads(ctx, db)
	if err != nil {
		return err
	}
	if *format == "json" {
		if loads == nil {
			loads = []ingest.Load{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(loads)
	}
	if len(loads) == 0 {
		fmt.Fprintln(e.stdout, "chưa có lần nạp nào / no loads yet")
		return nil
	}
	t := &table{header: []string{"#", "tệp/file", "sha256", "loại/kind", "phần/slices", "nêu/stated", "đang dùng/in force", "bị thay/superseded", "mâu thuẫn/conflicts", "trạng thái/status"},
		align: []bool{true, false, false, false, false, true, true, true, true, false}}
	for _, l := range loads {
		sha := l.SHA256
		if len(sha) > 12 {
			sha = sha[:12]
		}
		t.add(strconv.FormatInt(l.ID, 10), cchc.Bound(fileBase(l.File)), sha, l.Kind, shortSlices(l.Slices), strconv.FormatInt(l.Rows, 10),
			strconv.FormatInt(l.InForce, 10), strconv.FormatInt(l.Superseded, 10), strconv.FormatInt(l.Conflicts, 10), l.Status)
	}
	t.writeText(e.stdout)
	return nil
}

func fileBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// shortSlices names the first and last slices of a load and how many.
func shortSlices(s []string) string {
	if len(s) <= 2 {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s … %s (%d)", s[0], s[len(s)-1], len(s))
}
