// Package cchc holds what every stage of cchc shares: opening the DuckDB
// warehouse (with the single-writer lock turned into a clear error) and the
// core key types. It knows no SQL model and reads no input file.
package cchc

import (
	"context"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
)

// ProvinceCode is a 2-digit GSO province code ("01" Hà Nội, "79" TP Hồ Chí
// Minh). Codes of the 63-unit map and of the 34-unit map (from 2025-07-01)
// overlap, so a code is read together with the year it applies to.
type ProvinceCode string

// IndexID names an index: "PAR", "PAPI", "PCI", "SIPAS".
type IndexID string

// DefaultDB is the warehouse file used when neither --db nor CCHC_DB is set.
const DefaultDB = "cchc.duckdb"

// ErrInUse is returned by Open when another process holds the warehouse.
var ErrInUse = errors.New("kho dữ liệu đang được tiến trình khác sử dụng / warehouse in use by another process")

// ErrNoWarehouse is returned by Open in read-only mode when the file does not exist.
var ErrNoWarehouse = errors.New("chưa có kho dữ liệu, hãy chạy 'cchc ingest' trước / no warehouse yet, run 'cchc ingest' first")

// ErrNotWarehouse is returned by Open when the path names an existing file
// (or folder) that is not a DuckDB database: nothing is opened, created or
// loaded, so a CSV given as --db by mistake is left as it was.
var ErrNotWarehouse = errors.New("tệp này không phải kho DuckDB, hãy kiểm tra --db / not a DuckDB warehouse file, check --db")

// DBPath returns the warehouse path from the flag value, then CCHC_DB, then DefaultDB.
func DBPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := os.Getenv("CCHC_DB"); env != "" {
		return env
	}
	return DefaultDB
}

// Open opens the warehouse at path. readOnly opens it with DuckDB's
// read-only access mode, so no statement can change it. A lock held by
// another process is reported as ErrInUse, wrapped with the path.
//
// An existing path that is not a DuckDB database is refused with
// ErrNotWarehouse before DuckDB sees it. The empty path is an in-memory
// database (a dry run).
func Open(ctx context.Context, path string, readOnly bool) (*sql.DB, error) {
	return open(ctx, path, readOnly, false)
}

// OpenLocked opens the warehouse for queries typed by a user (cchc sql):
// read-only, with DuckDB's external access turned off and its
// configuration locked, so that no statement can write, attach, export,
// copy or read any file (the warehouse itself is read through the handle
// opened here), and no SET can undo this.
func OpenLocked(ctx context.Context, path string) (*sql.DB, error) {
	return open(ctx, path, true, true)
}

func open(ctx context.Context, path string, readOnly, locked bool) (*sql.DB, error) {
	if err := CheckWarehouseFile(path); err != nil {
		return nil, err
	}
	if readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%s: %w", path, ErrNoWarehouse)
		}
	}
	dsn := path
	params := url.Values{}
	if readOnly {
		params.Set("access_mode", "read_only")
	}
	if locked {
		// Applied when the database is created, after the file is open:
		// every later file access (COPY, ATTACH, EXPORT, read_csv,
		// read_text, glob, INSTALL) fails with a permission error.
		params.Set("enable_external_access", "false")
		params.Set("lock_configuration", "true")
	}
	if len(params) > 0 {
		dsn += "?" + params.Encode()
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, classifyOpenError(path, err)
	}
	return db, nil
}

// duckdbMagic is the magic of a DuckDB database file, after the 8-byte
// checksum of its main header.
const duckdbMagic = "DUCK"

// CheckWarehouseFile returns nil when path does not exist yet (Open creates
// it), is empty (the in-memory database), or is a DuckDB database file; it
// returns ErrNotWarehouse, saying what the path is, for anything else.
func CheckWarehouseFile(path string) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mở kho / open warehouse %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("%s là thư mục / is a folder: %w", path, ErrNotWarehouse)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("mở kho / open warehouse %s: %w", path, err)
	}
	defer f.Close()
	var head [12]byte
	n, _ := io.ReadFull(f, head[:])
	if n < len(head) || string(head[8:12]) != duckdbMagic {
		return fmt.Errorf("%s (%d byte): %w", path, st.Size(), ErrNotWarehouse)
	}
	return nil
}

func classifyOpenError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("%s: %w", path, ErrInUse)
	}
	return fmt.Errorf("mở kho / open warehouse %s: %w", path, err)
}

//go:embed raw.sql
var rawSchemaSQL string

// RawSchemaSQL returns the DDL of the raw schema (raw.sql): the tables that
// ingest writes and the staging models read.
func RawSchemaSQL() string { return rawSchemaSQL }

// EnsureRawSchema creates the raw schema and its tables if they do not exist
// (and adds the columns that older warehouses lack), and the view of the
// disagreements between sources on their rows (raw._row_conflicts). A
// warehouse that records this very schema (raw._schema_version: the DDL and
// the view) is left alone: every command calls this, and the DDL's
// "if not exists" and "create or replace" statements would write the
// catalogue each time (a tenth of a second or more, and a checkpoint).
func EnsureRawSchema(ctx context.Context, db *sql.DB) error {
	var stored string
	if db.QueryRowContext(ctx, `select version from raw._schema_version`).Scan(&stored) == nil {
		if view, err := rowConflictsSQL(ctx, db); err == nil && stored == schemaVersion(view) {
			return nil
		}
	}
	if _, err := db.ExecContext(ctx, rawSchemaSQL); err != nil {
		return fmt.Errorf("create raw schema: %w", err)
	}
	// Warehouses made before dossier records were typed at the door kept them
	// as text: type them once, here, with the meanings their loads recorded.
	var old int
	if err := db.QueryRowContext(ctx, `select count(*) from information_schema.columns
		where table_schema = 'raw' and table_name = 'dossier_records' and column_name = 'province'`).Scan(&old); err != nil {
		return fmt.Errorf("create raw schema: %w", err)
	}
	if old > 0 {
		if _, err := db.ExecContext(ctx, typeTextRecordsSQL); err != nil {
			return fmt.Errorf("type the dossier records of an older warehouse: %w", err)
		}
	}
	view, err := rowConflictsSQL(ctx, db)
	if err != nil {
		return fmt.Errorf("create raw._row_conflicts: %w", err)
	}
	if _, err := db.ExecContext(ctx, view); err != nil {
		return fmt.Errorf("create raw._row_conflicts: %w", err)
	}
	if _, err := db.ExecContext(ctx, `create or replace table raw._schema_version as select ? as version`, schemaVersion(view)); err != nil {
		return fmt.Errorf("create raw schema: %w", err)
	}
	return nil
}

// RawSchemaVersion fingerprints the raw schema's DDL and the migration of
// older warehouses: what a raw row means changes only with it, so a build
// fingerprints raw tables with it and the lineage of their rows.
func RawSchemaVersion() string { return schemaVersion("") }

func schemaVersion(view string) string { return Fingerprint(rawSchemaSQL, typeTextRecordsSQL, view) }

// Fingerprint is a short hash of parts, each ended by a NUL so that ("ab",
// "c") and ("a", "bc") differ: the warehouse's schema version and the
// build's fingerprints of inputs and models.
func Fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// MaxEcho is how many characters of an outside value a message, the ledger
// or a rejects file repeats.
const MaxEcho = 200

// Cut returns the first MaxEcho characters of s and, when that cut
// anything, the length of s in characters (0 when s is whole).
func Cut(s string) (head string, total int) {
	n := utf8.RuneCountInString(s)
	if n <= MaxEcho {
		return s, 0
	}
	return string([]rune(s)[:MaxEcho]) + "…", n
}

// Bound returns s cut to MaxEcho characters, saying so and how long it
// was, so that a 10 MB cell does not become a 10 MB message.
func Bound(s string) string {
	head, n := Cut(s)
	if n == 0 {
		return s
	}
	return head + cutNote(n)
}

func cutNote(n int) string {
	return fmt.Sprintf(" [cắt, %d ký tự / cut, %d characters]", n, n)
}

// BoundQuoted is s quoted (Go's %q), cut to MaxEcho characters with the
// note outside the quotes.
func BoundQuoted(s string) string {
	head, n := Cut(s)
	if n == 0 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q", head) + cutNote(n)
}

// typeTextRecordsSQL rewrites a text raw.dossier_records as the typed table,
// in one transaction.
const typeTextRecordsSQL = `begin transaction;
create table raw.dossier_records_typed as
select r.dossier_id, p.value as province_code, p.unit_set, a.value as agency, l.value as level,
  r.procedure_code, f.value as field, c.value as channel,
  raw.dossier_date(r.received_date) as received_date, raw.dossier_date(r.due_date) as due_date,
  raw.dossier_date(r.resolved_date) as resolved_date, s.value as status,
  r._source_file, r._source_row, r._load_id, r._superseded_by
from raw.dossier_records as r
join raw.dossier_values as p on p.load_id = r._load_id and p.column_name = 'province' and p.input = r.province
  and p.year = year(raw.dossier_date(r.received_date))
left join raw.dossier_values as l on l.load_id = r._load_id and l.column_name = 'level' and l.input = r.level
left join raw.dossier_values as f on f.load_id = r._load_id and f.column_name = 'field' and f.input = r.field
left join raw.dossier_values as a on a.load_id = r._load_id and a.column_name = 'agency' and a.input = r.agency
left join raw.dossier_values as c on c.load_id = r._load_id and c.column_name = 'channel' and c.input = r.channel
left join raw.dossier_values as s on s.load_id = r._load_id and s.column_name = 'status' and s.input = r.status;
drop table raw.dossier_records;
alter table raw.dossier_records_typed rename to dossier_records;
commit;`

// Tx is an explicit transaction on one connection of the warehouse (DuckDB's
// begin, commit and rollback must run on the same connection): what a load,
// an unload and a build write lands whole or not at all.
type Tx struct {
	*sql.Conn
	done bool
}

// Begin takes a connection and begins a transaction on it.
func Begin(ctx context.Context, db *sql.DB) (*Tx, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		conn.Close()
		return nil, err
	}
	return &Tx{Conn: conn}, nil
}

// Commit commits the transaction.
func (t *Tx) Commit(ctx context.Context) error {
	if _, err := t.ExecContext(ctx, "commit"); err != nil {
		return err
	}
	t.done = true
	return nil
}

// Close rolls the transaction back unless it was committed (even when ctx
// is cancelled) and gives the connection back.
func (t *Tx) Close(ctx context.Context) {
	if !t.done {
		t.ExecContext(context.WithoutCancel(ctx), "rollback")
	}
	t.Conn.Close()
}
