package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"cchc"
	"cchc/ingest"
)

const unloadUsage = `cchc unload [--format table|json] ID

Gỡ một lần nạp ra khỏi kho (mã từ 'cchc loads'), trong một giao dịch: xóa các dòng của nó và
khôi phục các dòng nó đã thay thế. Sổ nạp vẫn giữ lần nạp, trạng thái unloaded. Chạy
'cchc build' sau đó.
Take a load out of the warehouse (its id from 'cchc loads'), in one transaction: its rows are
deleted and the rows it had superseded are back in force. The ledger keeps the load, with
status unloaded. Run 'cchc build' afterwards.

Ví dụ / example:
  cchc unload 7
`

func runUnload(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "unload", unloadUsage)
	format := fs.String("format", "table", "định dạng / output format: table, json")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("cần đúng một mã lần nạp / exactly one load id is required (cchc loads)")
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("mã lần nạp phải là số nguyên dương / the load id must be a positive whole number (got %q)", cchc.Bound(rest[0]))
	}
	if err := checkTableOrJSON(*format); err != nil {
		return err
	}
	db, err := cchc.Open(ctx, e.dbPath(*dbFlag), false)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := ingest.Unload(ctx, db, id)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(u)
	}
	fmt.Fprintf(e.stdout, "đã gỡ lần nạp / unloaded load #%d (%s): xóa / removed %d dòng/rows, khôi phục / restored %d dòng/rows đã bị thay thế / it had superseded; chạy / run 'cchc build'\n",
		u.ID, fileBase(u.File), u.Removed, u.Restored)
	return nil
}
