// Package export writes the warehouse's tables out for the tools beyond
// cchc: a Hive-partitioned Parquet lake (written by DuckDB's own COPY, read
// unchanged by Spark, Trino or DuckDB), or CSV files and XLSX workbooks for
// the Excel users (written through cchc's one neutralising writer). It only
// reads the warehouse; it writes only under the folder it is given, and
// replaces that folder whole: everything is written to a temporary folder
// beside it and renamed into place, so a killed export leaves the previous
// one as it was.
package export

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Formats are the formats Write knows.
var Formats = []string{"parquet", "csv", "xlsx"}

// Layers are the schemas that can be exported, in the order they are
// written: raw (what was loaded, with its lineage and the ledger), ref (the
// reference data the models join), core and marts.
var Layers = []string{"raw", "ref", "core", "marts"}

// ManifestFile is the name of the manifest written at the top of an export.
const ManifestFile = "_manifest.json"

// PartitionColumn is the column a Parquet table is partitioned on, when it
// has it as an integer.
const PartitionColumn = "year"

// MaxXLSXRows is how many data rows fit on one Excel sheet (1,048,576 rows
// with the header).
const MaxXLSXRows = 1048575

// ErrNotExport is returned by Write when the output folder exists, is not
// empty and holds no manifest of an earlier export: it is never replaced.
var ErrNotExport = errors.New("thư mục đã có và không phải một lần xuất của cchc (không có " + ManifestFile + ") / the folder exists and is not a cchc export (no " + ManifestFile + ")")

// Options says what to export, where, and what the warehouse last did.
type Options struct {
	Format    string   // parquet, csv or xlsx
	Layers    []string // schemas from Layers
	Dir       string   // output folder, replaced whole
	Warehouse string   // warehouse path, recorded in the manifest
	// LastLoadID is the ledger's last successful load (0: none).
	LastLoadID int64
	// BuiltAt and BuildLoadID describe the last build ("" when the marts
	// were never built).
	BuiltAt     string
	BuildLoadID int64
	// Now is the export time written in the manifest (time.Now when zero).
	Now time.Time
}

// Manifest describes one export: what was written, from what.
type Manifest struct {
	Format     string     `json:"format"`
	Warehouse  string     `json:"warehouse"`
	ExportedAt string     `json:"exported_at"`
	LastLoad   *LastLoad  `json:"last_load"`
	LastBuild  *LastBuild `json:"last_build"`
	Layers     []string   `json:"layers"`
	Tables     []Table    `json:"tables"`
}

// LastLoad is the warehouse's last successful load when exported.
type LastLoad struct {
	LoadID int64 `json:"load_id"`
}

// LastBuild is the warehouse's last build when exported.
type LastBuild struct {
	BuiltAt    string `json:"built_at"`
	LastLoadID int64  `json:"last_load_id"`
}

// Table is one exported table.
type Table struct {
	Name        string   `json:"name"` // schema.table
	Path        string   `json:"path"` // folder (parquet) or file (csv, xlsx), relative to the export
	Sheet       string   `json:"sheet,omitempty"`
	PartitionBy []string `json:"partition_by,omitempty"`
	Rows        int64    `json:"rows"`
	Columns     []Column `json:"columns"`
	Files       []File   `json:"files"`
}

// Column is one column of an exported table: its name, DuckDB type and, in
// a workbook, the header it was given.
type Column struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Header string `json:"header,omitempty"`
}

// File is one written file with its size and SHA-256.
type File struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Write exports the tables of opt.Layers from db into opt.Dir and returns
// the manifest it wrote there.
func Write(ctx context.Context, db *sql.DB, opt Options) (*Manifest, error) {
	if !slices.Contains(Formats, opt.Format) {
		return nil, fmt.Errorf("định dạng không có / unknown format %q (parquet, csv, xlsx)", opt.Format)
	}
	for _, l := range opt.Layers {
		if !slices.Contains(Layers, l) {
			return nil, fmt.Errorf("lớp không có / unknown layer %q (%s)", l, strings.Join(Layers, ", "))
		}
	}
	dir := filepath.Clean(opt.Dir)
	if err := checkTarget(dir); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, tmpPrefix(base))
	if err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	// MkdirTemp makes the folder for its owner only; the lake is for
	// other tools (and users) too
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := &Manifest{Format: opt.Format, Warehouse: opt.Warehouse, ExportedAt: now.UTC().Format(time.RFC3339), Layers: orderedLayers(opt.Layers), Tables: []Table{}}
	if opt.LastLoadID > 0 {
		m.LastLoad = &LastLoad{LoadID: opt.LastLoadID}
	}
	if opt.BuiltAt != "" {
		m.LastBuild = &LastBuild{BuiltAt: opt.BuiltAt, LastLoadID: opt.BuildLoadID}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	for _, layer := range m.Layers {
		tables, err := listTables(ctx, conn, layer)
		if err != nil {
			return nil, err
		}
		var tabs []Table
		switch opt.Format {
		case "parquet":
			tabs, err = writeParquet(ctx, conn, tmp, tables)
		case "csv":
			tabs, err = writeCSV(ctx, conn, tmp, tables)
		case "xlsx":
			tabs, err = writeXLSX(ctx, conn, tmp, layer, tables)
		}
		if err != nil {
			return nil, err
		}
		m.Tables = append(m.Tables, tabs...)
	}
	if err := writeManifest(filepath.Join(tmp, ManifestFile), m); err != nil {
		return nil, err
	}
	if err := syncTree(tmp); err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	if err := replace(tmp, dir); err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	done = true
	return m, nil
}

func orderedLayers(ls []string) []string {
	var out []string
	for _, l := range Layers {
		if slices.Contains(ls, l) {
			out = append(out, l)
		}
	}
	return out
}

// tmpPrefix is the name the temporary folder of an export of base starts
// with: hidden, so Spark and Hive skip it if they list the parent.
func tmpPrefix(base string) string { return "." + base + ".cchc-export-" }

// removeStale removes the temporary folders a killed export of base left
// beside it.
func removeStale(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, tmpPrefix(base)+"*"))
	for _, m := range matches {
		os.RemoveAll(m)
	}
}

// checkTarget refuses to replace a folder that is not an earlier export.
func checkTarget(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("xuất / export %s: đã có một tệp ở đây / a file is in the way: %w", dir, ErrNotExport)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("xuất / export %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("xuất / export %s: %w", dir, ErrNotExport)
	}
	return nil
}

// replace puts the finished folder tmp where dir is: an atomic exchange
// where the system has one, else two renames (dir moved aside first, so a
// kill between them leaves both whole).
func replace(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err == nil {
		return os.RemoveAll(tmp) // now the previous export
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}

// tableInfo is a table to export with its columns.
type tableInfo struct {
	schema, name string
	cols         []Column
}

func (t tableInfo) qualified() string { return t.schema + "." + t.name }

// listTables returns the base tables of a schema (views are left out: they
// are recomputed from the tables), in name order.
func listTables(ctx context.Context, conn *sql.Conn, schema string) ([]tableInfo, error) {
	rows, err := conn.QueryContext(ctx, `select c.table_name, c.column_name, c.data_type
		from information_schema.columns as c
		join information_schema.tables as t using (table_catalog, table_schema, table_name)
		where c.table_schema = ? and t.table_type = 'BASE TABLE' and c.table_catalog = current_database()
		order by c.table_name, c.ordinal_position`, schema)
	if err != nil {
		return nil, fmt.Errorf("xuất / export %s: %w", schema, err)
	}
	defer rows.Close()
	var out []tableInfo
	for rows.Next() {
		var table string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.Type); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].name != table {
			out = append(out, tableInfo{schema: schema, name: table})
		}
		out[len(out)-1].cols = append(out[len(out)-1].cols, c)
	}
	return out, rows.Err()
}

// ident quotes a name for SQL. Table and column names, and the paths COPY
// writes to, cannot be query parameters in DuckDB; they come from the
// warehouse's catalog and from the folder this package made, and are quoted
// here, never pasted bare.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func literal(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

func countRows(ctx context.Context, conn *sql.Conn, t tableInfo) (int64, error) {
	var n int64
	err := conn.QueryRowContext(ctx, "select count(*) from "+ident(t.schema)+"."+ident(t.name)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("xuất / export %s: %w", t.qualified(), err)
	}
	return n, nil
}

// fileEntry hashes the file at path, named by its path relative to root.
func fileEntry(root, path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return File{}, err
	}
	return File{Path: filepath.ToSlash(rel), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// filesUnder lists and hashes every file under dir, in path order.
func filesUnder(root, dir string) ([]File, error) {
	var out []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fileEntry(root, p)
		if err == nil {
			out = append(out, f)
		}
		return err
	})
	return out, err
}

func writeManifest(path string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileSync(path, append(b, '\n'))
}

// syncTree flushes every file under dir to the disk (DuckDB's COPY does
// not promise to), so that the rename that publishes the export never
// publishes a file the disk has not got.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// writeFileSync writes a file and syncs it, so that the rename that
// publishes the export never publishes a file the disk has not got.
func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
