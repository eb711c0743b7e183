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
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"cchc"

	"cchc/data"
)

// Parser holds the reference lookups every reader needs.
type Parser struct {
	provinces *ProvinceResolver
	headers   *HeaderMapper
	indexIDs  []string
	topics    *topicMatcher
	ref       *data.Reference
}

// NewParser builds a parser from the reference tables.
func NewParser(ref *data.Reference) *Parser {
	return &Parser{provinces: NewProvinceResolver(ref), headers: NewHeaderMapper(ref), indexIDs: ref.IndexIDs(), topics: newTopicMatcher(ref.TrainingTopics), ref: ref}
}

// Provinces returns the province resolver.
func (p *Parser) Provinces() *ProvinceResolver { return p.provinces }

// Kinds of input files.
const (
	KindIndexScores = "index-scores"
	KindPopulation  = "population"
)

// Options control one ingest.
type Options struct {
	Kind         string // "" to detect
	Index        string // index of a wide file
	AllowRejects bool   // load good rows, write rejected ones to raw._rejects and a CSV
	Illustrative bool   // the file is illustrative sample data
	DryRun       bool   // parse and validate, write nothing
	Decimal      byte   // force '.' or ',' as decimal separator where a column does not say
	// Replace makes the load supersede every row in force of the slices it
	// covers (index x year, province x year, ...), not only the keys it states.
	Replace bool
	// Prefer settles a disagreement between this load and an earlier one on
	// a key: PreferOfficial keeps the official workbooks' values, a file
	// name keeps that file's; "" keeps this (the later) load's.
	Prefer string
	// Progress, when set, is told how a dossier-record load advances (a
	// few times a second, from another goroutine, and once at the end).
	Progress func(LoadProgress)
}

// LoadProgress is how far a dossier-record load has gone.
type LoadProgress struct {
	File       string
	Read, Size int64     // bytes of the file read so far, and its size
	Rows       int64     // records read so far (good and rejected)
	Started    time.Time // when the load of this file began
	Done       bool      // the last report of this file
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
	Mapped      []string
	Notes       []string
	RejectsFile string
	Superseded  int64 // earlier rows of the keys this load states, now superseded
	Dropped     int64 // with --replace, earlier rows of its slices it does not state
	Conflicts   int64 // keys where this load and an earlier one disagree beyond rounding
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

// scoresChecked refuses the years of parsed scores that copy another year
// (of the file, or loaded from another file) and batches the rest.
func (p *Parser) scoresChecked(ctx context.Context, db *sql.DB, parsed *ParsedScores, path string, opt Options) (*batch, error) {
	var loaded map[copySlice]map[copyKey]float64
	var from map[copySlice]string
	if !opt.DryRun {
		var err error
		if loaded, from, err = loadedYears(ctx, db, parsed); err != nil {
			return nil, err
		}
	}
	return scoreBatch(refuseCopiedYears(parsed, path, loaded, from)), nil
}

// EnsureSchema creates the raw schema, its tables and the views of the
// disagreements between sources (cchc.EnsureRawSchema).
func EnsureSchema(ctx context.Context, db *sql.DB) error { return cchc.EnsureRawSchema(ctx, db) }

// Ingest reads, validates and loads one file.
func (p *Parser) Ingest(ctx context.Context, db *sql.DB, path string, opt Options) (*Result, error) {
	if p.isRecordsCandidate(path, opt.Kind) {
		return p.ingestRecords(ctx, db, path, opt)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("đọc tệp / read file: %w", err)
	}
	sum := sha256.Sum256(content)
	res := &Result{File: path, SHA256: hex.EncodeToString(sum[:]), Kind: opt.Kind}
	if err := checkKind(res.Kind); err != nil {
		return nil, err // before the file is read
	}
	if opt.Index != "" {
		ix, ok := p.headers.Index(opt.Index)
		if !ok {
			return nil, fmt.Errorf("không có chỉ số %q / unknown index %q", opt.Index, opt.Index)
		}
		opt.Index = ix
	}
	t, err := ReadTable(path)
	if err != nil {
		// a file that cannot be opened (a damaged workbook) is recorded
		// in the ledger like a file with bad rows
		if !opt.DryRun {
			if serr := EnsureSchema(ctx, db); serr != nil {
				return nil, errors.Join(err, serr)
			}
		}
		return nil, p.fail(ctx, db, res, opt, err)
	}
	if res.Kind == "" || res.Kind == KindIndexScores && opt.Index == "" {
		kind, inferred := p.detectKind(t)
		if res.Kind == "" {
			res.Kind = kind
		}
		if res.Kind == KindIndexScores && opt.Index == "" && inferred != "" {
			opt.Index = inferred
			res.Notes = append(res.Notes, fmt.Sprintf("chỉ số %s, nhận ra từ tên các cột / index %s, recognised from the column labels (--index to override)", inferred, inferred))
		}
	}
	k, err := kindOf(res.Kind)
	if err != nil {
		return nil, err
	}
	if k.streamed { // a workbook of records
		return p.ingestRecords(ctx, db, path, opt)
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
	b, err := k.parse(p, k, &parseInput{ctx: ctx, db: db, t: t, path: path, opt: opt})
	if err != nil {
		return nil, p.fail(ctx, db, res, opt, err)
	}
	addBrokenLines(t, b)
	res.Sheets, res.SkippedSh, res.Ignored, res.Mapped = b.sheets, b.skipped, b.ignored, b.mapped
	res.Notes = append(res.Notes, b.notes...)
	res.Rows, res.Rejected = len(b.rows), len(b.rejects)
	for _, sl := range b.slices {
		res.Slices = append(res.Slices, sl.label)
	}
	if len(b.rejects) > 0 && !opt.AllowRejects {
		return nil, p.fail(ctx, db, res, opt, &RejectError{Rejects: b.rejects})
	}
	if len(b.rows) == 0 && len(b.rejects) > 0 {
		// --allow-rejects, and every row is bad: nothing loads, the reasons are kept
		msg := fmt.Sprintf("mọi dòng đều lỗi, không nạp gì / every row was rejected, nothing was loaded: %v", b.rejects[0])
		if !opt.DryRun {
			res.RejectsFile = rejectsPath(path)
			if err := writeRejectsCSV(res.RejectsFile, b.rejects); err != nil {
				return nil, err
			}
			msg += fmt.Sprintf(" (%d dòng lỗi trong / rejected rows in %s)", len(b.rejects), res.RejectsFile)
		}
		return nil, p.fail(ctx, db, res, opt, errors.New(msg))
	}
	if len(b.rows) == 0 {
		return nil, p.fail(ctx, db, res, opt, &CellError{File: path, Err: errors.New("không có dòng dữ liệu nào / no data rows")})
	}
	if opt.DryRun {
		return res, nil
	}
	if err := p.load(ctx, db, res, opt, b); err != nil {
		return nil, p.fail(ctx, db, res, opt, err)
	}
	if res.Kind == KindTrainingRoster {
		res.Notes = append(res.Notes, rosterNotes(ctx, db, res.LoadID)...)
	}
	if len(b.rejects) > 0 {
		res.RejectsFile = rejectsPath(path)
		if err := writeRejectsCSV(res.RejectsFile, b.rejects); err != nil {
			return res, err
		}
	}
	return res, nil
}

// batch is a parsed file ready to load: rows for one raw table, in its
// column order up to _source_row (the loader adds _source_file first
// among the lineage columns and _load_id last), and the slices they replace.
type batch struct {
	table                           string
	rows                            [][]any // data columns, sheet, row, then extra columns
	extra                           int     // columns after _load_id
	slices                          []slice
	rejects                         []*CellError
	sheets, skipped, ignored, notes []string
	mapped                          []string

	uniqueIgnored, uniqueNotes uniqueList
}

// slice is a logical part of a raw table that a new file replaces whole.
type slice struct {
	label string
	where string // "index_id = ? and year = ?"
	args  []any
}

func scoreBatch(ps *ParsedScores) *batch {
	b := &batch{table: "index_scores", extra: 4, rejects: ps.Rejects, sheets: ps.Sheets, skipped: ps.Skipped, ignored: ps.Ignored, notes: ps.Notes, mapped: ps.Mapped}
	seen := map[string]bool{}
	for _, r := range ps.Records {
		rank := any(nil)
		if r.HasRank {
			rank = strconv.FormatInt(r.Rank, 10)
		}
		b.rows = append(b.rows, []any{r.ProvinceCode, r.UnitSet, r.ProvinceInput, strconv.Itoa(r.Year), r.Index, r.Component, r.ComponentIn,
			FormatScore(r.Score), r.ScoreInput, rank, r.Sheet, int32(r.Row), optScore(r.CILower), optScore(r.CIUpper), optScore(r.StdError), optText(r.Group)})
		label := fmt.Sprintf("%s %d", r.Index, r.Year)
		if !seen[label] {
			seen[label] = true
			b.slices = append(b.slices, slice{label: label, where: "index_id = ? and year = ?", args: []any{r.Index, strconv.Itoa(r.Year)}})
		}
	}
	sort.Slice(b.slices, func(i, j int) bool { return b.slices[i].label < b.slices[j].label })
	return b
}

// fail records a failed load in the ledger (unless dry-run) and returns err.
func (p *Parser) fail(ctx context.Context, db *sql.DB, res *Result, opt Options, err error) error {
	if opt.DryRun {
		return err
	}
	_, lerr := db.ExecContext(ctx, `insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative)
		values (nextval('raw.load_seq'), ?, ?, ?, ?, 0, ?, 'failed', ?, ?, ?)`,
		res.File, filepath.Base(res.File), res.SHA256, res.Kind, res.Rejected, boundLedger(err.Error()), strings.Join(res.Slices, ";"), opt.Illustrative)
	if lerr != nil {
		return fmt.Errorf("%w (ghi sổ nạp thất bại / ledger write failed: %v)", err, lerr)
	}
	return err
}

// load writes the batch, replacing the slices it covers, and the ledger
// row, in one transaction.
func (p *Parser) load(ctx context.Context, db *sql.DB, res *Result, opt Options, b *batch) error {
	tx, err := beginLoad(ctx, db)
	if err != nil {
		return err
	}
	defer tx.close(ctx)
	conn, loadID := tx.conn, tx.id
	res.LoadID = loadID
	table := "raw." + b.table // a constant of this package, never user input
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", b.table)
		if err != nil {
			return err
		}
		for _, r := range b.rows {
			n := len(r) - b.extra
			row := make([]driver.Value, 0, len(r)+2)
			for _, v := range r[:n-2] {
				row = append(row, v)
			}
			row = append(row, res.File, r[n-2], r[n-1], loadID)
			for _, v := range r[n:] {
				row = append(row, v)
			}
			row = append(row, nil) // _superseded_by: in force
			if err := app.AppendRow(row...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	if err != nil {
		return fmt.Errorf("ghi / write %s: %w", table, err)
	}
	if err := res.supersede(ctx, conn, b.table, loadID, b.slices, opt); err != nil {
		return err
	}
	return tx.commit(ctx, res, opt, b.rejects)
}

// loadTx is one load's transaction, on a connection of its own (the
// Appender and Arrow views belong to a connection), with its load id.
type loadTx struct {
	conn      *sql.Conn
	id        int64
	committed bool
}

// beginLoad opens a connection, begins a transaction and takes a load id.
func beginLoad(ctx context.Context, db *sql.DB) (*loadTx, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx := &loadTx{conn: conn}
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.QueryRowContext(ctx, "select nextval('raw.load_seq')").Scan(&tx.id); err != nil {
		tx.close(ctx)
		return nil, err
	}
	return tx, nil
}

// commit writes the rejects and the ledger row of a load, then commits.
func (tx *loadTx) commit(ctx context.Context, res *Result, opt Options, rejects []*CellError) error {
	for _, rj := range rejects {
		if _, err := tx.conn.ExecContext(ctx, `insert into raw._rejects values (?, ?, ?, ?, ?, ?, ?)`,
			tx.id, res.File, rj.Sheet, rj.Row, rj.Column, cchc.Bound(rj.Value), boundLedger(rj.Err.Error())); err != nil {
			return err
		}
	}
	if _, err := tx.conn.ExecContext(ctx, `insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative, prefer, replaced, dropped)
		values (?, ?, ?, ?, ?, ?, ?, 'loaded', null, ?, ?, ?, ?, ?)`,
		tx.id, res.File, filepath.Base(res.File), res.SHA256, res.Kind, res.Rows, res.Rejected, strings.Join(res.Slices, ";"), opt.Illustrative,
		optText(preferName(opt.Prefer)), opt.Replace, res.Dropped); err != nil {
		return err
	}
	if _, err := tx.conn.ExecContext(ctx, "commit"); err != nil {
		return err
	}
	tx.committed = true
	return nil
}

// close rolls back a load that was not committed and frees its connection.
func (tx *loadTx) close(ctx context.Context) {
	if !tx.committed {
		tx.conn.ExecContext(context.WithoutCancel(ctx), "rollback")
	}
	tx.conn.Close()
}

// maxLedgerMessage bounds a message stored in the ledger: every value it
// quotes is already cut to cchc.MaxEcho characters, this is the backstop
// for a message that quotes many.
const maxLedgerMessage = 10 * cchc.MaxEcho

func boundLedger(msg string) string {
	if r := []rune(msg); len(r) > maxLedgerMessage {
		return string(r[:maxLedgerMessage]) + fmt.Sprintf("… [cắt, %d ký tự / cut, %d characters]", len(r), len(r))
	}
	return msg
}

// addBrokenLines adds the lines of a CSV that were not records to the
// batch's rejects, in line order, so that every line is loaded, rejected
// or (a note) part of a multi-line cell.
func addBrokenLines(t *Table, b *batch) {
	for _, sh := range t.Sheets {
		if sh.Continued > 0 {
			b.notes = append(b.notes, fmt.Sprintf("%d dòng là phần tiếp của ô nhiều dòng (trong dấu ngoặc kép) / %d lines continue a quoted multi-line cell", sh.Continued, sh.Continued))
		}
		if len(sh.Broken) == 0 {
			continue
		}
		b.rejects = append(b.rejects, sh.Broken...)
		// a delimited file is one sheet: line order is the order
		sort.SliceStable(b.rejects, func(i, j int) bool { return b.rejects[i].Row < b.rejects[j].Row })
	}
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
	cw := cchc.NewCSVWriter(w)
	if err := cw.Write([]string{"file", "sheet", "row", "column", "value", "reason"}); err != nil {
		return err
	}
	for _, r := range rejects {
		if err := cw.Write([]string{filepath.Base(r.File), r.Sheet, strconv.Itoa(r.Row), r.Column, cchc.Bound(r.Value), boundLedger(r.Err.Error())}); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Headers returns the header mapper.
func (p *Parser) Headers() *HeaderMapper { return p.headers }

// LastLoadID returns the id of the newest successful load (0 if none).
func LastLoadID(ctx context.Context, db *sql.DB) (int64, error) {
	var id sql.NullInt64
	err := db.QueryRowContext(ctx, `select max(load_id) from raw._loads where status = 'loaded'`).Scan(&id)
	return id.Int64, err
}

func optScore(v *float64) any {
	if v == nil {
		return nil
	}
	return FormatScore(*v)
}

func optText(v string) any {
	if v == "" {
		return nil
	}
	return v
}
