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
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// recordColumns are the columns of raw.dossier_records, in order.
var recordColumns = []string{"dossier_id", "province", "agency", "level", "procedure_code", "field",
	"channel", "received_date", "due_date", "resolved_date", "status"}

// maxRejectsShown bounds the rejected rows read back from one records load.
const maxRejectsShown = 10000

// recordsFile is a dossier-record CSV ready for DuckDB's reader.
type recordsFile struct {
	path    string         // UTF-8 file DuckDB reads (the input, or a transcoded copy)
	delim   rune           // field delimiter
	columns map[string]int // canonical column -> position in the file
	ignored []string
	ncols   int
	lines   []int // when the file was converted from XLSX: lines[k] is the sheet row of record k
	sheet   string
	cleanup func()
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
	_, cols, _ := headerColumns(rec)
	return isRecordsHeader(cols)
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

func headerColumns(rec []string) (int, map[string]int, []string) {
	cols := map[string]int{}
	var unk []string
	for j, h := range rec {
		if f, ok := dossierField(NFC(h)); ok {
			if _, dup := cols[f]; !dup {
				cols[f] = j
				continue
			}
		}
		if h != "" {
			unk = append(unk, NFC(h))
		}
	}
	return len(rec), cols, unk
}

// prepareRecords hashes the file while streaming it, reads its header and
// transcodes it to UTF-8 when it is UTF-16 or Windows-1258. Memory stays
// bounded whatever the file's size.
func prepareRecords(path string) (*recordsFile, string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return recordsFromXLSX(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("đọc tệp / read file: %w", err)
	}
	defer f.Close()
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
	rf := &recordsFile{path: path, cleanup: func() {}}
	if enc != nil {
		tmp, err := os.CreateTemp("", "cchc-records-*.csv")
		if err != nil {
			return nil, "", err
		}
		rf.path = tmp.Name()
		rf.cleanup = func() { os.Remove(tmp.Name()) }
		if _, err := io.Copy(tmp, transform.NewReader(br, enc.NewDecoder())); err != nil {
			tmp.Close()
			rf.cleanup()
			return nil, "", fmt.Errorf("giải mã văn bản / decode text: %w", err)
		}
		if err := tmp.Close(); err != nil {
			rf.cleanup()
			return nil, "", err
		}
		if head, err = readHead(rf.path); err != nil {
			rf.cleanup()
			return nil, "", err
		}
	} else if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, "", fmt.Errorf("đọc tệp / read file: %w", err)
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(trimToRune(head)), "\ufeff"), "\r\n", "\n")
	rf.delim = SniffDelimiter(text)
	line, _, _ := strings.Cut(text, "\n")
	rec, err := splitLine(line, rf.delim)
	if err != nil {
		rf.cleanup()
		return nil, "", err
	}
	rf.ncols, rf.columns, rf.ignored = headerColumns(rec)
	return rf, hex.EncodeToString(h.Sum(nil)), nil
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
		hdr, _, _ := dossierHeader(sh, isRecordsHeader)
		if hdr < 0 {
			continue
		}
		tmp, err := os.CreateTemp("", "cchc-records-*.csv")
		if err != nil {
			return nil, "", err
		}
		rf := &recordsFile{path: tmp.Name(), delim: ',', sheet: sh.Name, cleanup: func() { os.Remove(tmp.Name()) }}
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
		rf.ncols, rf.columns, rf.ignored = headerColumns(sh.Rows[hdr])
		// pad the header width: short rows are padded by the reader
		for _, r := range sh.Rows[hdr:] {
			rf.ncols = max(rf.ncols, len(r))
		}
		return rf, hex.EncodeToString(sum[:]), nil
	}
	return nil, "", &CellError{File: path, Err: errors.New("không có sheet nào có tiêu đề hồ sơ (mã hồ sơ, ngày tiếp nhận, ngày hẹn trả) / no sheet with a dossier-record header (dossier_id, received_date, due_date)")}
}

// ingestRecords loads a dossier-record file through DuckDB's own CSV
// reader: every column as text into raw.dossier_records in one statement,
// then the distinct provinces, channels, statuses, levels and fields are
// resolved in Go into raw.dossier_values, and SQL finds the bad rows. All
// of it runs in one transaction: a file with bad rows loads nothing
// unless --allow-rejects.
func (p *Parser) ingestRecords(ctx context.Context, db *sql.DB, path string, opt Options) (*Result, error) {
	rf, sum, err := prepareRecords(path)
	if err != nil {
		return nil, err
	}
	defer rf.cleanup()
	res := &Result{File: path, SHA256: sum, Kind: KindDossierRecords, Ignored: rf.ignored}
	if rf.sheet != "" {
		res.Sheets = []string{rf.sheet}
	}
	var missing []string
	for _, c := range []string{"dossier_id", "province", "received_date", "due_date"} {
		if _, ok := rf.columns[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		err := &CellError{File: path, Row: 1, Err: fmt.Errorf("thiếu cột / missing columns: %s (tiêu đề chuẩn / canonical header: %s)", strings.Join(missing, ", "), strings.Join(recordColumns, ","))}
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
	if !opt.DryRun {
		var n int
		if err := db.QueryRowContext(ctx, `select count(*) from raw._loads where sha256 = ? and kind = ? and status = 'loaded'`, res.SHA256, res.Kind).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			res.Skipped = true
			return res, nil
		}
	}
	err = p.loadRecords(ctx, db, rf, res, opt)
	if err != nil {
		if opt.DryRun {
			return nil, err
		}
		return nil, p.fail(ctx, db, res, opt, err)
	}
	return res, nil
}

func (p *Parser) loadRecords(ctx context.Context, db *sql.DB, rf *recordsFile, res *Result, opt Options) error {
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

	// 1. DuckDB's reader, every column as text (no type sniffing: a procedure
	// code such as 1.001230 must stay text). One INSERT with insertion order
	// preserved appends the records in file order, so their row ids, taken
	// inside this transaction, number them: far cheaper than a row_number()
	// window in the same statement.
	var colDefs, sel []string
	for j := 0; j < rf.ncols; j++ {
		colDefs = append(colDefs, fmt.Sprintf("'c%d': 'VARCHAR'", j))
	}
	for _, c := range recordColumns {
		if j, ok := rf.columns[c]; ok {
			sel = append(sel, fmt.Sprintf("c%d", j))
		} else {
			sel = append(sel, "null")
		}
	}
	if _, err := conn.ExecContext(ctx, "set preserve_insertion_order = true"); err != nil {
		return err
	}
	// Column names and positions are generated here, never read from the file.
	insert := `insert into raw.dossier_records select ` + strings.Join(sel, ", ") +
		`, $1, null, $2 from read_csv($3, header = true, delim = $4, quote = '"', escape = '"',
		null_padding = true, strict_mode = false, columns = {` + strings.Join(colDefs, ", ") + `})`
	r, err := conn.ExecContext(ctx, insert, res.File, loadID, rf.path, string(rf.delim))
	if err != nil {
		return &CellError{File: res.File, Err: fmt.Errorf("đọc CSV / read CSV: %w", err)}
	}
	n, _ := r.RowsAffected()
	var first, last, count int64
	if err := conn.QueryRowContext(ctx, `select coalesce(min(rowid), 0), coalesce(max(rowid), -1), count(*) from raw.dossier_records where _load_id = $1`, loadID).Scan(&first, &last, &count); err != nil {
		return err
	}
	if last-first+1 != count || count != n {
		return fmt.Errorf("internal: records of load %d are not contiguous (%d..%d, %d rows)", loadID, first, last, count)
	}
	if _, err := conn.ExecContext(ctx, `update raw.dossier_records set _source_row = rowid - $2 + 2 where _load_id = $1`, loadID, first); err != nil {
		return err
	}

	// 2. What the distinct values mean, resolved in Go.
	chk, err := p.resolveRecordValues(ctx, conn, loadID)
	if err != nil {
		return err
	}

	// 3. Bad rows, and statuses that disagree with the dates (the dates win), in one scan.
	rejects, total, disagree, err := checkRecords(ctx, conn, chk, loadID)
	if err != nil {
		return err
	}
	if total > 0 {
		if err := fixRejectLines(rf, rejects); err != nil {
			return err
		}
		for _, rj := range rejects {
			rj.File, rj.Sheet = res.File, rf.sheet
		}
	}
	res.Rows, res.Rejected = int(n-total), int(total)
	if total > 0 && !opt.AllowRejects {
		return &RejectError{Rejects: rejects}
	}
	if res.Rows == 0 {
		return &CellError{File: res.File, Err: errors.New("không có dòng dữ liệu nào / no data rows")}
	}
	if total > 0 {
		if _, err := conn.ExecContext(ctx, `delete from raw.dossier_records where _load_id = $1 and _source_row in (`+rejectsSQL+`)`, chk.args(loadID)...); err != nil {
			return err
		}
	}
	if disagree > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d hồ sơ có trạng thái trái với ngày tháng, tính theo ngày / %d dossiers whose status disagrees with their dates; the dates win", disagree, disagree))
	}

	// 5. The slices: an earlier load's records of the same province and year are replaced.
	rows, err := conn.QueryContext(ctx, `select distinct value, unit_set, year from raw.dossier_values
		where load_id = $1 and column_name = 'province' and value is not null order by all`, loadID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var code, set string
		var year int
		if err := rows.Scan(&code, &set, &year); err != nil {
			rows.Close()
			return err
		}
		res.Slices = append(res.Slices, fmt.Sprintf("dossier-records %s %d", code, year))
	}
	rows.Close()
	if _, err := conn.ExecContext(ctx, `delete from raw.dossier_records as r where r._load_id <> $1 and exists (
		select 1 from raw.dossier_values as v
		join raw.dossier_values as cur on cur.load_id = $1 and cur.column_name = 'province'
		  and cur.value = v.value and cur.unit_set = v.unit_set and cur.year = v.year
		where v.load_id = r._load_id and v.column_name = 'province' and v.input = r.province
		  and v.year = year(raw.dossier_date(r.received_date)))`, loadID); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `update raw._loads set status = 'superseded'
		where kind = 'dossier-records' and status = 'loaded'
		and load_id not in (select distinct _load_id from raw.dossier_records)`); err != nil {
		return err
	}
	if opt.DryRun {
		return nil // rolled back by the deferred rollback
	}
	for _, rj := range rejects {
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
	if len(rejects) > 0 {
		res.RejectsFile = rejectsPath(res.File)
		return writeRejectsCSV(res.RejectsFile, rejects)
	}
	return nil
}

// badValue is an input that means nothing: column and input (with |year for provinces).
type badValue struct{ column, input string }

// resolveRecordValues maps the distinct values of a load's categorical
// columns (a few hundred, however many rows) and writes them to
// raw.dossier_values; it returns the values that mean nothing, with why.
func (p *Parser) resolveRecordValues(ctx context.Context, conn *sql.Conn, loadID int64) (*recordCheck, error) {
	rows, err := conn.QueryContext(ctx, `
		select 'province', province, year(raw.dossier_date(received_date)) from raw.dossier_records where _load_id = $1 group by all
		union all select 'channel', channel, null from raw.dossier_records where _load_id = $1 group by all
		union all select 'status', status, null from raw.dossier_records where _load_id = $1 group by all
		union all select 'level', level, null from raw.dossier_records where _load_id = $1 group by all
		union all select 'field', field, null from raw.dossier_records where _load_id = $1 group by all
		union all select 'agency', agency, null from raw.dossier_records where _load_id = $1 group by all`, loadID)
	if err != nil {
		return nil, err
	}
	chk := &recordCheck{bad: map[badValue]error{}, lists: map[string][]string{}}
	type val struct {
		column string
		input  sql.NullString
		year   sql.NullInt64
	}
	var vals []val
	for rows.Next() {
		var v val
		if err := rows.Scan(&v.column, &v.input, &v.year); err != nil {
			rows.Close()
			return nil, err
		}
		vals = append(vals, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	bad := chk.bad
	var out [][]driver.Value
	for _, v := range vals {
		in := v.input.String
		var value, set any
		var year any
		switch v.column {
		case "province":
			if !v.year.Valid {
				continue // the date is bad: reported as such
			}
			year = int32(v.year.Int64)
			u, err := p.provinces.Resolve(in, int(v.year.Int64))
			if err != nil {
				key := in + "|" + strconv.FormatInt(v.year.Int64, 10)
				bad[badValue{v.column, key}] = err
				chk.lists["province"] = append(chk.lists["province"], key)
				continue
			}
			value, set = u.Code, u.Set
		case "channel", "status", "level":
			if !v.input.Valid {
				if v.column == "level" {
					value = "all"
				}
				break // an empty channel or status stays unknown: the dates decide
			}
			var c string
			var ok bool
			switch v.column {
			case "channel":
				c, ok = DossierChannel(in)
			case "status":
				c, ok = DossierStatus(in)
			default:
				c, ok = DossierLevel(in)
			}
			if !ok {
				bad[badValue{v.column, in}] = unknownValue(v.column, in)
				chk.lists[v.column] = append(chk.lists[v.column], in)
				continue
			}
			if v.column == "status" {
				chk.lists[c] = append(chk.lists[c], in)
			}
			value = c
		default:
			value = NFC(in)
		}
		if !v.input.Valid {
			out = append(out, []driver.Value{loadID, v.column, nil, year, value, set})
			continue
		}
		out = append(out, []driver.Value{loadID, v.column, in, year, value, set})
	}
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "raw", "dossier_values")
		if err != nil {
			return err
		}
		for _, r := range out {
			if err := app.AppendRow(r...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	return chk, err
}

func unknownValue(column, v string) error {
	switch column {
	case "channel":
		return fmt.Errorf("kênh không rõ (trực tiếp, trực tuyến một phần, trực tuyến toàn trình, bưu chính công ích) / unknown channel (direct, online_partial, online_full, postal)")
	case "status":
		return fmt.Errorf("trạng thái không rõ (trước hạn, đúng hạn, trễ hạn, đang xử lý, đang xử lý quá hạn) / unknown status (early, on_time, late, pending, pending_overdue)")
	}
	return fmt.Errorf("cấp không rõ (tỉnh, huyện, xã) / unknown level (province, district, commune)")
}

// recordCheck is what the distinct values of a load say: the inputs that
// mean nothing (with why), and lists of inputs by meaning for the SQL checks.
type recordCheck struct {
	bad   map[badValue]error
	lists map[string][]string // province ("input|year"), channel, status, level: bad inputs; early, on_time, late, pending, pending_overdue: status inputs
}

// args are the parameters of classifiedSQL after the load id.
func (c *recordCheck) args(loadID int64) []any {
	l := func(k string) []string {
		if v := c.lists[k]; v != nil {
			return v
		}
		return []string{}
	}
	return []any{loadID, l("province"), l("channel"), l("status"), l("level"),
		l("early"), l("on_time"), l("late"), append(append([]string{}, l("pending")...), l("pending_overdue")...)}
}

// classifiedSQL types the dates of a load's records once and names, for a
// bad row, its first bad column and why. Unknown values come as lists
// ($2 provinces as "input|year", $3 channels, $4 statuses, $5 levels), so
// the check needs no join; $6..$9 are the status inputs meaning early, on
// time, late and pending, to count statuses that disagree with the dates.
const classifiedSQL = `
with r as (
  select r._source_row, r.dossier_id, r.received_date, r.due_date, r.resolved_date, r.province, r.channel, r.status, r.level,
    raw.dossier_date(r.received_date) as rd, raw.dossier_date(r.due_date) as dd, raw.dossier_date(r.resolved_date) as sd,
    d.dossier_id is not null as repeated
  from raw.dossier_records as r
  left join (select dossier_id from raw.dossier_records where _load_id = $1 group by dossier_id having count(*) > 1) as d
    on d.dossier_id = r.dossier_id
  where r._load_id = $1
)
select *,
  case
    when dossier_id is null or repeated then 'dossier_id'
    when rd is null then 'received_date'
    when dd is null then 'due_date'
    when resolved_date is not null and sd is null then 'resolved_date'
    when dd < rd then 'due_date'
    when sd < rd then 'resolved_date'
    when len($2) > 0 and list_contains($2, province || '|' || year(rd)) then 'province'
    when len($3) > 0 and list_contains($3, channel) then 'channel'
    when len($4) > 0 and list_contains($4, status) then 'status'
    when len($5) > 0 and list_contains($5, level) then 'level'
  end as column_name,
  case
    when dossier_id is null then 'empty'
    when repeated then 'duplicate'
    when rd is null or dd is null or (resolved_date is not null and sd is null) then 'date'
    when dd < rd then 'due_before_received'
    when sd < rd then 'resolved_before_received'
    else 'value'
  end as reason,
  case
    when sd is null then list_contains($6, status) or list_contains($7, status) or list_contains($8, status)
    when list_contains($9, status) then true
    when sd < dd then list_contains($7, status) or list_contains($8, status)
    when sd = dd then list_contains($6, status) or list_contains($8, status)
    else list_contains($6, status) or list_contains($7, status)
  end as disagrees
from r`

// rejectsSQL selects the record numbers of a load's bad rows.
const rejectsSQL = `select _source_row from (` + classifiedSQL + `) where column_name is not null`

// checkRecords counts a load's bad rows and status disagreements in one
// scan, and lists the first bad rows (up to maxRejectsShown) when there are any.
func checkRecords(ctx context.Context, conn *sql.Conn, chk *recordCheck, loadID int64) (rejects []*CellError, total, disagree int64, err error) {
	args := chk.args(loadID)
	if err := conn.QueryRowContext(ctx, `select count(*) filter (column_name is not null), count(*) filter (column_name is null and disagrees)
		from (`+classifiedSQL+`)`, args...).Scan(&total, &disagree); err != nil {
		return nil, 0, 0, err
	}
	if total == 0 {
		return nil, 0, disagree, nil
	}
	rows, err := conn.QueryContext(ctx, `select _source_row, column_name, case column_name
		when 'dossier_id' then dossier_id when 'received_date' then received_date when 'due_date' then due_date
		when 'resolved_date' then resolved_date when 'province' then province when 'channel' then channel
		when 'status' then status else level end, reason
		from (`+classifiedSQL+`) where column_name is not null order by _source_row limit `+strconv.Itoa(maxRejectsShown), args...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var row int64
		var col, reason string
		var value sql.NullString
		if err := rows.Scan(&row, &col, &value, &reason); err != nil {
			return nil, 0, 0, err
		}
		ce := &CellError{Row: int(row), Column: col, Value: value.String}
		switch reason {
		case "empty":
			ce.Err = errors.New("thiếu mã hồ sơ / dossier_id is empty")
		case "duplicate":
			ce.Err = errors.New("mã hồ sơ trùng trong tệp / dossier_id repeats in the file")
		case "date":
			ce.Err = errors.New("ngày không hợp lệ (yyyy-mm-dd hoặc dd/mm/yyyy) / invalid date (yyyy-mm-dd or dd/mm/yyyy)")
		case "due_before_received":
			ce.Err = errors.New("ngày hẹn trả trước ngày tiếp nhận / due date before the received date")
		case "resolved_before_received":
			ce.Err = errors.New("ngày trả kết quả trước ngày tiếp nhận / resolved before it was received")
		default:
			ce.Err = chk.bad[badValue{col, value.String}]
			if col == "province" {
				for k, e := range chk.bad {
					if k.column == "province" && strings.HasPrefix(k.input, value.String+"|") {
						ce.Err = e
						break
					}
				}
			}
			if ce.Err == nil {
				ce.Err = unknownValue(col, value.String)
			}
		}
		rejects = append(rejects, ce)
	}
	return rejects, total, disagree, rows.Err()
}

// fixRejectLines turns record numbers (header = 1, one record a line) into
// the lines or sheet rows the user sees: a quoted field may span lines, and
// a converted workbook has its own rows.
func fixRejectLines(rf *recordsFile, rejects []*CellError) error {
	if rf.lines != nil {
		for _, r := range rejects {
			if k := r.Row - 2; k >= 0 && k < len(rf.lines) {
				r.Row = rf.lines[k]
			}
		}
		return nil
	}
	want := map[int][]*CellError{}
	last := 0
	for _, r := range rejects {
		want[r.Row] = append(want[r.Row], r)
		last = max(last, r.Row)
	}
	f, err := os.Open(rf.path)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	cr.Comma = rf.delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	for rec := 1; rec <= last; rec++ {
		if _, err := cr.Read(); err != nil {
			break
		}
		line, _ := cr.FieldPos(0)
		for _, r := range want[rec] {
			r.Row = line
		}
	}
	return nil
}
