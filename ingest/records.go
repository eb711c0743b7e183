package ingest

import (
	"bufio"
	"bytes"
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
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// errIdentical stops the load of a file already loaded (rolled back).
var errIdentical = errors.New("identical file already loaded")

// recordColumns are the columns of raw.dossier_records, in order.
var recordColumns = []string{"dossier_id", "province", "agency", "level", "procedure_code", "field",
	"channel", "received_date", "due_date", "resolved_date", "status"}

// maxRejectsShown bounds the rejected rows read back from one records load.
const maxRejectsShown = 10000

// recordsFile is a dossier-record CSV ready for DuckDB's reader.
type recordsFile struct {
	path    string        // UTF-8 file DuckDB reads (the input, or a transcoded copy)
	delim   rune          // field delimiter
	columns map[Field]int // canonical column -> position in the file
	ignored []string
	ncols   int
	lines   []int // when the file was converted from XLSX: lines[k] is the sheet row of record k
	sheet   string
	display string // the file as the user named it (path may be a transcoded copy)
	cleanup func()
	// the file's sha256, computed while the load runs
	hashed chan struct{}
	sum    string
	sumErr error
}

// wait returns the file's sha256 once it is computed.
func (rf *recordsFile) wait() (string, error) {
	if rf.hashed != nil {
		<-rf.hashed
	}
	return rf.sum, rf.sumErr
}

// isRecordsCandidate reports whether path should be read as dossier records:
// the kind says so, or a CSV's header row names the record columns.
func (p *Parser) isRecordsCandidate(path string, kind string) bool {
	if kind == KindDossierRecords {
		return true
	}
	if kind != "" {
		return false
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xls":
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	text, err := DecodeText(trimToRune(head[:n]))
	if err != nil {
		return false
	}
	line, _, _ := strings.Cut(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	rec, err := splitLine(line, SniffDelimiter(text))
	if err != nil {
		return false
	}
	return len(readHeader(nfcAll(rec), dossierVocabulary).has(mustKind(KindDossierRecords).sign)) == 0
}

// trimToRune drops a partial UTF-8 sequence at the end of a file's head.
func trimToRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return b
}

func splitLine(line string, delim rune) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = delim
	r.LazyQuotes = true
	return r.Read()
}

// recordsHeader reads the header row of a records file: the columns it
// has (of the dossier vocabulary), the labels it does not know and its width.
func recordsHeader(rec []string) (int, map[Field]int, []string) {
	h := readHeader(nfcAll(rec), dossierVocabulary)
	return len(rec), h.cols, h.ignored
}

func nfcAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, v := range rec {
		out[i] = NFC(v)
	}
	return out
}

// prepareRecords hashes the file while streaming it, reads its header and
// transcodes it to UTF-8 when it is UTF-16 or Windows-1258. Memory stays
// bounded whatever the file's size.
func prepareRecords(path string) (*recordsFile, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		rf, sum, err := recordsFromXLSX(path)
		if err != nil {
			return nil, err
		}
		rf.sum = sum
		return rf, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("đọc tệp / read file: %w", err)
	}
	closeFile := true
	defer func() {
		if closeFile {
			f.Close()
		}
	}()
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(f, h), 1<<20)
	head, _ := br.Peek(64 << 10)
	head = append([]byte(nil), head...)
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case len(head) >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case len(head) >= 4 && head[0] == 0 && head[2] == 0 && head[1] != 0:
		enc = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case !utf8.Valid(trimToRune(head)):
		enc = charmap.Windows1258
	}
	rf := &recordsFile{path: path, display: path, cleanup: func() {}}
	if enc != nil {
		tmp, err := os.CreateTemp("", "cchc-records-*.csv")
		if err != nil {
			return nil, err
		}
		rf.path = tmp.Name()
		rf.cleanup = func() { os.Remove(tmp.Name()) }
		if _, err := io.Copy(tmp, transform.NewReader(br, enc.NewDecoder())); err != nil {
			tmp.Close()
			rf.cleanup()
			return nil, fmt.Errorf("giải mã văn bản / decode text: %w", err)
		}
		if err := tmp.Close(); err != nil {
			rf.cleanup()
			return nil, err
		}
		if head, err = readHead(rf.path); err != nil {
			rf.cleanup()
			return nil, err
		}
		rf.sum = hex.EncodeToString(h.Sum(nil))
	} else {
		// hash the rest while the load runs
		rf.hashed = make(chan struct{})
		closeFile = false
		go func() {
			defer close(rf.hashed)
			defer f.Close()
			if _, err := io.Copy(io.Discard, br); err != nil {
				rf.sumErr = fmt.Errorf("đọc tệp / read file: %w", err)
				return
			}
			rf.sum = hex.EncodeToString(h.Sum(nil))
		}()
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(trimToRune(head)), "\ufeff"), "\r\n", "\n")
	rf.delim = SniffDelimiter(text)
	line, _, _ := strings.Cut(text, "\n")
	rec, err := splitLine(line, rf.delim)
	if err != nil {
		rf.cleanup()
		return nil, err
	}
	rf.ncols, rf.columns, rf.ignored = recordsHeader(rec)
	return rf, nil
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// recordsFromXLSX writes the records sheet of a workbook to a temporary
// CSV for DuckDB's reader, remembering each record's sheet row.
func recordsFromXLSX(path string) (*recordsFile, string, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("đọc tệp / read file: %w", err)
	}
	sum := sha256.Sum256(content)
	t, err := ReadTable(path)
	if err != nil {
		return nil, "", err
	}
	for si := range t.Sheets {
		sh := &t.Sheets[si]
		h, _ := findHeader(sh, dossierVocabulary, mustKind(KindDossierRecords).sign)
		if h == nil {
			continue
		}
		hdr := h.row
		if len(sh.Broken) > 0 {
			// a formula with no computed value: the records path cannot
			// reject one row of a workbook, so the file is refused at the
			// first such cell, even with --allow-rejects
			e := sh.Broken[0]
			if n := len(sh.Broken) - 1; n > 0 {
				e.Err = fmt.Errorf("%w (và %d dòng khác / and %d more rows)", e.Err, n, n)
			}
			return nil, "", e
		}
		tmp, err := os.CreateTemp("", "cchc-records-*.csv")
		if err != nil {
			return nil, "", err
		}
		rf := &recordsFile{path: tmp.Name(), display: path, delim: ',', sheet: sh.Name, cleanup: func() { os.Remove(tmp.Name()) }}
		w := csv.NewWriter(tmp)
		for i := hdr; i < len(sh.Rows); i++ {
			w.Write(sh.Rows[i])
			if i > hdr {
				rf.lines = append(rf.lines, sh.Line[i])
			}
		}
		w.Flush()
		if err := errors.Join(w.Error(), tmp.Close()); err != nil {
			rf.cleanup()
			return nil, "", err
		}
		rf.ncols, rf.columns, rf.ignored = recordsHeader(sh.Rows[hdr])
		// pad the header width: short rows are padded by the reader
		for _, r := range sh.Rows[hdr:] {
			rf.ncols = max(rf.ncols, len(r))
		}
		return rf, hex.EncodeToString(sum[:]), nil
	}
	return nil, "", &CellError{File: path, Err: errors.New("không có sheet nào có tiêu đề hồ sơ (mã hồ sơ, ngày tiếp nhận, ngày hẹn trả) / no sheet with a dossier-record header (dossier_id, received_date, due_date)")}
}

// ingestRecords loads a dossier-record file (millions of rows) without
// holding it in memory: fillRecords (records_check.go: the checks in Go; the
// transport by build tag) writes raw.dossier_records and what
// the distinct values mean in raw.dossier_values, and finds the bad rows.
// All of it runs in one transaction: a file with bad rows loads nothing
// unless --allow-rejects.
// recordsGCPercent is the GOGC of a records load (ingestRecords).
const recordsGCPercent = 25

func (p *Parser) ingestRecords(ctx context.Context, db *sql.DB, path string, opt Options) (*Result, error) {
	// Go's heap of a records load is the batches in flight and the ids seen
	// (8 bytes a record): a garbage collection at a quarter's growth, not at
	// double, keeps the peak 60-90 MB lower at 5 million records (measured
	// 370 against 430-470 MB, in the same time: the collector runs in under
	// 1% of it).
	defer debug.SetGCPercent(debug.SetGCPercent(recordsGCPercent))
	rf, err := prepareRecords(path)
	if err != nil {
		// a file that cannot be opened (a damaged workbook) is recorded in
		// the ledger like any failed load
		if opt.DryRun {
			return nil, err
		}
		res := &Result{File: path, Kind: KindDossierRecords}
		if content, rerr := os.ReadFile(path); rerr == nil {
			sum := sha256.Sum256(content)
			res.SHA256 = hex.EncodeToString(sum[:])
		}
		if serr := EnsureSchema(ctx, db); serr != nil {
			return nil, errors.Join(err, serr)
		}
		return nil, p.fail(ctx, db, res, opt, err)
	}
	defer rf.cleanup()
	defer rf.wait()
	res := &Result{File: path, Kind: KindDossierRecords, Ignored: rf.ignored}
	if rf.sheet != "" {
		res.Sheets = []string{rf.sheet}
	}
	if missing := (&sheetHeader{cols: rf.columns}).has(mustKind(KindDossierRecords).needs()); len(missing) > 0 {
		if res.SHA256, err = rf.wait(); err != nil {
			return nil, err
		}
		err := &CellError{File: path, Row: 1, Err: fmt.Errorf("thiếu cột, cần %s / missing columns: %s; a records file needs %s (tiêu đề chuẩn / canonical header: %s)",
			mustKind(KindDossierRecords).needVI, strings.Join(missing, ", "), mustKind(KindDossierRecords).needEN, strings.Join(recordColumns, ","))}
		if opt.DryRun {
			return nil, err
		}
		if err2 := EnsureSchema(ctx, db); err2 != nil {
			return nil, err2
		}
		return nil, p.fail(ctx, db, res, opt, err)
	}
	if err := EnsureSchema(ctx, db); err != nil {
		return nil, err
	}
	// The file is hashed while it loads: an identical file already loaded is
	// found before the commit and the load rolled back, changing nothing.
	err = p.loadRecords(ctx, db, rf, res, opt)
	if errors.Is(err, errIdentical) {
		res.Skipped, res.Rows, res.Rejected, res.LoadID, res.Slices, res.Notes = true, 0, 0, 0, nil, nil
		return res, nil
	}
	if err != nil {
		if res.SHA256 == "" {
			res.SHA256, _ = rf.wait()
		}
		if opt.DryRun {
			return nil, err
		}
		return nil, p.fail(ctx, db, res, opt, err)
	}
	return res, nil
}

// loadRecords runs one records load in a transaction: the rows, the check
// for an identical file, the slices it replaces and the ledger.
func (p *Parser) loadRecords(ctx context.Context, db *sql.DB, rf *recordsFile, res *Result, opt Options) error {
	tx, err := beginLoad(ctx, db)
	if err != nil {
		return err
	}
	defer tx.close(ctx)
	conn, loadID := tx.conn, tx.id
	res.LoadID = loadID

	rejects, err := p.fillRecords(ctx, conn, rf, res, opt, loadID)
	if err != nil {
		return err
	}
	if res.SHA256, err = rf.wait(); err != nil {
		return err
	}
	if !opt.DryRun {
		var n int
		if err := conn.QueryRowContext(ctx, `select count(*) from raw._loads where sha256 = ? and kind = ? and status = 'loaded'`, res.SHA256, res.Kind).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errIdentical
		}
	}

	// 5. The slices it covers (province x year), and the keys: an earlier
	// load's record of a dossier id this file states again is superseded
	// (one set-based statement); --replace also supersedes the other
	// records of its provinces and years.
	rows, err := conn.QueryContext(ctx, `select distinct province_code, unit_set, year(received_date) from raw.dossier_records
		where _load_id = $1 order by all`, loadID)
	if err != nil {
		return err
	}
	var sls []slice
	for rows.Next() {
		var code, set string
		var year int
		if err := rows.Scan(&code, &set, &year); err != nil {
			rows.Close()
			return err
		}
		label := fmt.Sprintf("dossier-records %s %d", code, year)
		res.Slices = append(res.Slices, label)
		sls = append(sls, slice{label: label, where: "province_code = ? and unit_set = ? and year(received_date) = ?", args: []any{code, set, year}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := res.supersede(ctx, conn, "dossier_records", loadID, sls, opt); err != nil {
		return err
	}
	if opt.DryRun {
		return nil // rolled back by the deferred rollback
	}
	if err := tx.commit(ctx, res, opt, rejects); err != nil {
		return err
	}
	if len(rejects) > 0 {
		res.RejectsFile = rejectsPath(res.File)
		return writeRejectsCSV(res.RejectsFile, rejects)
	}
	return nil
}

// badValue is an input that means nothing: column and input (with |year for provinces).
type badValue struct{ column, input string }

func unknownValue(column, v string) error {
	switch column {
	case "channel":
		return fmt.Errorf("kênh không rõ (trực tiếp, trực tuyến một phần, trực tuyến toàn trình, bưu chính công ích) / unknown channel (direct, online_partial, online_full, postal)")
	case "status":
		return fmt.Errorf("trạng thái không rõ (trước hạn, đúng hạn, trễ hạn, đang xử lý, đang xử lý quá hạn) / unknown status (early, on_time, late, pending, pending_overdue)")
	}
	return fmt.Errorf("cấp không rõ (tỉnh, huyện, xã) / unknown level (province, district, commune)")
}

// appendValues writes rows of raw.dossier_values (a few hundred a load)
// through an Appender on the load's connection.
func appendValues(conn *sql.Conn, rows [][]driver.Value) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", "dossier_values")
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := app.AppendRow(r...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
}

// errDistrictAfterMerger refuses a district-level dossier received from
// 2025-07-01, when the district level was abolished.
var errDistrictAfterMerger = errors.New("cấp huyện không còn từ 01/7/2025 / there is no district level from 2025-07-01")

// Why a record was rejected, as raw.dossier_records_rejected.reason says it.
const (
	reasonEmpty            = "empty"
	reasonDuplicate        = "duplicate"
	reasonDate             = "date"
	reasonDueBefore        = "due_before_received"
	reasonResolvedBefore   = "resolved_before_received"
	reasonDistrictAfter    = "district_after_merger"
	reasonValue            = "value"
	rejectedRecordsColumns = 17
)

// rejectedRecord is where a rejected record is and why: its source text is
// read back from the file once the load knows every rejected line.
type rejectedRecord struct {
	line           int64
	column, reason string
}

// scanRecords reads the records of a prepared file in order and calls fn
// with each record's line (the sheet row for a converted workbook) and its
// fields; read reports the bytes consumed so far. fn must keep neither rec
// nor its strings (they may point into the reader's buffer): it copies
// what it keeps.
func scanRecords(rf *recordsFile, read *atomic.Int64, fn func(line int, rec []string) error) error {
	f, err := os.Open(rf.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if read != nil {
		r = &countingReader{r: f, n: read}
	}
	var next func() (int, []string, error)
	if fastDelimiter(rf.delim) {
		next = newRecordScanner(r, byte(rf.delim), scanBufferSize).next
	} else {
		next = csvRecords(r, rf.delim)
	}
	if _, _, err := next(); err != nil { // the header
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	for {
		line, rec, err := next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rf.lines != nil && line-2 >= 0 && line-2 < len(rf.lines) {
			line = rf.lines[line-2] // the row of the converted workbook
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

// csvRecords reads records with encoding/csv alone (a delimiter the
// scanner's fast path does not cut): each record and the line it starts on.
func csvRecords(r io.Reader, delim rune) func() (int, []string, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true // the strings are fresh for each record; only the slice is reused
	return func() (int, []string, error) {
		rec, err := cr.Read()
		if err != nil {
			return 0, nil, err
		}
		line, _ := cr.FieldPos(0)
		return line, rec, nil
	}
}

// countingReader adds the bytes it reads to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// writeRejectedRecords reads the source text of the rejected records back
// from the file (one pass, only when a load with --allow-rejects has any)
// and appends it to raw.dossier_records_rejected. rejected is sorted by line.
func writeRejectedRecords(conn *sql.Conn, rf *recordsFile, file string, loadID int64, rejected []rejectedRecord) error {
	if len(rejected) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", "dossier_records_rejected")
		if err != nil {
			return err
		}
		k := 0
		row := make([]driver.Value, rejectedRecordsColumns)
		err = scanRecords(rf, nil, func(line int, rec []string) error {
			for k < len(rejected) && rejected[k].line < int64(line) {
				k++ // a line the file no longer has (cannot happen: the same file)
			}
			for k < len(rejected) && rejected[k].line == int64(line) {
				for i, col := range recordColumns {
					row[i] = nil
					if j, ok := rf.columns[Field(col)]; ok && j < len(rec) && rec[j] != "" {
						row[i] = rec[j]
					}
				}
				var sheet any
				if rf.sheet != "" {
					sheet = rf.sheet
				}
				row[11], row[12], row[13], row[14], row[15], row[16] = file, sheet, int64(line), loadID, rejected[k].column, rejected[k].reason
				if err := app.AppendRow(row...); err != nil {
					return err
				}
				k++
			}
			if k == len(rejected) {
				return errStopScan
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopScan) {
			app.Close()
			return err
		}
		return app.Close()
	})
}

var errStopScan = errors.New("stop")

// progressEvery is how often a load's progress is reported.
const progressEvery = 200 * time.Millisecond

// reportProgress calls report with the bytes read and records parsed, every
// progressEvery until the returned stop is called, then once more, done.
func reportProgress(report func(LoadProgress), rf *recordsFile, read, rows *atomic.Int64) (stop func()) {
	if report == nil {
		return func() {}
	}
	var size int64
	if st, err := os.Stat(rf.path); err == nil {
		size = st.Size()
	}
	file := rf.path
	if rf.display != "" {
		file = rf.display
	}
	started := time.Now()
	report(LoadProgress{File: file, Size: size, Started: started})
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				report(LoadProgress{File: file, Read: read.Load(), Size: size, Rows: rows.Load(), Started: started, Done: true})
				return
			case <-t.C:
				report(LoadProgress{File: file, Read: read.Load(), Size: size, Rows: rows.Load(), Started: started})
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-finished
		})
	}
}
