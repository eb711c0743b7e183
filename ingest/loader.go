// Package ingest reads outside files (CSV, TSV, UTF-16 text, XLSX), maps
// their headers, parses Vietnamese and international numbers, resolves
// provinces, validates every row and loads the result atomically into the
// raw.* tables of the warehouse, recording each load in raw._loads. It
// writes only raw.* tables and never reads models.
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"cchc/data"
)

// Parser holds the reference lookups every reader needs.
type Parser struct {
	provinces *ProvinceResolver
	headers   *HeaderMapper
}

// NewParser builds a parser from the reference tables.
func NewParser(ref *data.Reference) *Parser {
	return &Parser{provinces: NewProvinceResolver(ref), headers: NewHeaderMapper(ref)}
}

// Provinces returns the province resolver.
func (p *Parser) Provinces() *ProvinceResolver { return p.provinces }

// Kinds of input files.
const (
	KindIndexScores = "index-scores"
)

// Options control one ingest.
type Options struct {
	Kind         string // "" to detect
	Index        string // index of a wide file
	AllowRejects bool   // load good rows, write rejected ones to raw._rejects and a CSV
	Illustrative bool   // the file is illustrative sample data
	DryRun       bool   // parse and validate, write nothing
	Decimal      byte   // force '.' or ',' as decimal separator where a column does not say
}

// Result describes one ingested file.
type Result struct {
	File        string
	Kind        string
	SHA256      string
	LoadID      int64
	Rows        int
	Rejected    int
	Skipped     bool // identical file already loaded
	Slices      []string
	Sheets      []string
	SkippedSh   []string
	Ignored     []string
	Notes       []string
	RejectsFile string
}

// ErrRejected is wrapped by the error of a file with bad rows loaded without
// --allow-rejects; nothing of that file was loaded.
var ErrRejected = errors.New("tệp có dòng lỗi, không nạp gì / the file has bad rows, nothing was loaded")

// RejectError carries every bad row of a file that was not loaded.
type RejectError struct {
	Rejects []*CellError
}

func (e *RejectError) Error() string {
	msg := e.Rejects[0].Error()
	if n := len(e.Rejects) - 1; n > 0 {
		msg += fmt.Sprintf(" (và %d lỗi khác / and %d more)", n, n)
	}
	return msg + "; " + ErrRejected.Error() + " (--allow-rejects để nạp các dòng đúng / to load the good rows)"
}

// Unwrap gives ErrRejected and the first bad cell's error.
func (e *RejectError) Unwrap() []error { return []error{ErrRejected, e.Rejects[0]} }

const schemaSQL = `
create schema if not exists raw;
create sequence if not exists raw.load_seq start 1;
create table if not exists raw._loads (
  load_id bigint primary key, file varchar, file_name varchar, sha256 varchar, kind varchar,
  rows bigint, rejected bigint, status varchar, error varchar, slices varchar,
  illustrative boolean, loaded_at timestamp default current_timestamp);
create table if not exists raw._rejects (
  load_id bigint, file varchar, sheet varchar, row_number integer, column_name varchar,
  value varchar, reason varchar);
create table if not exists raw.index_scores (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  index_id varchar, component varchar, component_input varchar, score varchar,
  score_input varchar, rank varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
`

// EnsureSchema creates the raw schema and tables if they do not exist.
func EnsureSchema(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, schemaSQL); err != nil {
		return fmt.Errorf("create raw schema: %w", err)
	}
	return nil
}

// Ingest reads, validates and loads one file.
func (p *Parser) Ingest(ctx context.Context, db *sql.DB, path string, opt Options) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("đọc tệp / read file: %w", err)
	}
	sum := sha256.Sum256(b)
	res := &Result{File: path, SHA256: hex.EncodeToString(sum[:]), Kind: opt.Kind}
	if res.Kind == "" {
		res.Kind = KindIndexScores
	}
	if res.Kind != KindIndexScores {
		return nil, fmt.Errorf("loại tệp %q chưa được hỗ trợ / unsupported kind %q (index-scores)", res.Kind, res.Kind)
	}
	if opt.Index != "" {
		ix, ok := p.headers.Index(opt.Index)
		if !ok {
			return nil, fmt.Errorf("không có chỉ số %q / unknown index %q", opt.Index, opt.Index)
		}
		opt.Index = ix
	}
	if !opt.DryRun {
		if err := EnsureSchema(ctx, db); err != nil {
			return nil, err
		}
		var n int
		if err := db.QueryRowContext(ctx, `select count(*) from raw._loads where sha256 = ? and kind = ? and status = 'loaded'`, res.SHA256, res.Kind).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			res.Skipped = true
			return res, nil
		}
	}
	parsed, err := p.parseFile(path, opt)
	if err != nil {
		return nil, p.fail(ctx, db, res, opt, err)
	}
	res.Sheets, res.SkippedSh, res.Ignored, res.Notes = parsed.Sheets, parsed.Skipped, parsed.Ignored, parsed.Notes
	res.Rows, res.Rejected = len(parsed.Records), len(parsed.Rejects)
	res.Slices = slicesOf(parsed.Records)
	if len(parsed.Rejects) > 0 && !opt.AllowRejects {
		return nil, p.fail(ctx, db, res, opt, &RejectError{Rejects: parsed.Rejects})
	}
	if len(parsed.Records) == 0 {
		return nil, p.fail(ctx, db, res, opt, &CellError{File: path, Err: errors.New("không có dòng dữ liệu nào / no data rows")})
	}
	if opt.DryRun {
		return res, nil
	}
	if err := p.load(ctx, db, res, opt, parsed); err != nil {
		return nil, p.fail(ctx, db, res, opt, err)
	}
	if len(parsed.Rejects) > 0 {
		res.RejectsFile = rejectsPath(path)
		if err := writeRejectsCSV(res.RejectsFile, parsed.Rejects); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (p *Parser) parseFile(path string, opt Options) (*ParsedScores, error) {
	t, err := ReadTable(path)
	if err != nil {
		return nil, err
	}
	return p.ParseScores(t, opt.Index, opt.Decimal)
}

// fail records a failed load in the ledger (unless dry-run) and returns err.
func (p *Parser) fail(ctx context.Context, db *sql.DB, res *Result, opt Options, err error) error {
	if opt.DryRun {
		return err
	}
	_, lerr := db.ExecContext(ctx, `insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative)
		values (nextval('raw.load_seq'), ?, ?, ?, ?, 0, ?, 'failed', ?, ?, ?)`,
		res.File, filepath.Base(res.File), res.SHA256, res.Kind, res.Rejected, err.Error(), strings.Join(res.Slices, ";"), opt.Illustrative)
	if lerr != nil {
		return fmt.Errorf("%w (ghi sổ nạp thất bại / ledger write failed: %v)", err, lerr)
	}
	return err
}

func slicesOf(recs []ScoreRecord) []string {
	set := map[string]bool{}
	for _, r := range recs {
		set[fmt.Sprintf("%s %d", r.Index, r.Year)] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// load writes the records, replacing the index x year slices they cover,
// and the ledger row, in one transaction.
func (p *Parser) load(ctx context.Context, db *sql.DB, res *Result, opt Options, parsed *ParsedScores) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), "rollback")
		}
	}()
	var loadID int64
	if err := conn.QueryRowContext(ctx, "select nextval('raw.load_seq')").Scan(&loadID); err != nil {
		return err
	}
	res.LoadID = loadID
	// Replace the slices this file covers; loads left with no rows are superseded.
	for _, s := range res.Slices {
		ix, yr, _ := strings.Cut(s, " ")
		if _, err := conn.ExecContext(ctx, `update raw._loads set status = 'superseded'
			where status = 'loaded' and load_id in (select distinct _load_id from raw.index_scores where index_id = ? and year = ?)
			and load_id not in (select distinct _load_id from raw.index_scores where not (index_id = ? and year = ?))`, ix, yr, ix, yr); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `delete from raw.index_scores where index_id = ? and year = ?`, ix, yr); err != nil {
			return err
		}
	}
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", "index_scores")
		if err != nil {
			return err
		}
		for _, r := range parsed.Records {
			rank := any(nil)
			if r.HasRank {
				rank = strconv.FormatInt(r.Rank, 10)
			}
			if err := app.AppendRow(r.ProvinceCode, r.UnitSet, r.ProvinceInput, strconv.Itoa(r.Year), r.Index, r.Component, r.ComponentIn,
				FormatScore(r.Score), r.ScoreInput, rank, res.File, r.Sheet, int32(r.Row), loadID); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	if err != nil {
		return fmt.Errorf("ghi raw.index_scores / write raw.index_scores: %w", err)
	}
	for _, rj := range parsed.Rejects {
		if _, err := conn.ExecContext(ctx, `insert into raw._rejects values (?, ?, ?, ?, ?, ?, ?)`,
			loadID, res.File, rj.Sheet, rj.Row, rj.Column, rj.Value, rj.Err.Error()); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, `insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative)
		values (?, ?, ?, ?, ?, ?, ?, 'loaded', null, ?, ?)`,
		loadID, res.File, filepath.Base(res.File), res.SHA256, res.Kind, res.Rows, res.Rejected, strings.Join(res.Slices, ";"), opt.Illustrative); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "commit"); err != nil {
		return err
	}
	committed = true
	return nil
}

func rejectsPath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".rejects.csv"
}

func writeRejectsCSV(path string, rejects []*CellError) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeRejects(f, rejects); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeRejects(w io.Writer, rejects []*CellError) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"file", "sheet", "row", "column", "value", "reason"})
	for _, r := range rejects {
		cw.Write([]string{filepath.Base(r.File), r.Sheet, strconv.Itoa(r.Row), r.Column, r.Value, r.Err.Error()})
	}
	cw.Flush()
	return cw.Error()
}

// Headers returns the header mapper.
func (p *Parser) Headers() *HeaderMapper { return p.headers }

// LastLoadID returns the id of the newest successful load (0 if none).
func LastLoadID(ctx context.Context, db *sql.DB) (int64, error) {
	var id sql.NullInt64
	err := db.QueryRowContext(ctx, `select max(load_id) from raw._loads where status = 'loaded'`).Scan(&id)
	return id.Int64, err
}
