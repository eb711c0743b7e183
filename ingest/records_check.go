package ingest

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"cchc"
)

// The dossier records, parsed and checked in Go as they are read: one set of
// checks, whichever transport moves the good records into DuckDB
// (records_arrow.go with the duckdb_arrow build tag, records_append.go
// without it).

// Memory is bounded by design: at most three batches are in flight (one
// being filled, two in the channel), the repeated-id check keeps 8 bytes a
// record (DuckDB compares the ids past maxHashedRecords), and rejected rows
// are kept as a line and a reason until their text is read back. DuckDB's
// settings stay at their defaults on this insert: measured here on 1M
// records, preserve_insertion_order = false made it slower and raised the
// peak (458 against 292 MiB), a memory_limit of 128-200 MB and threads = 1
// changed nothing for the better; the default threads (the machine's
// cores) let DuckDB store one batch while Go parses the next.

// recordBatchRows is the Arrow batch size: about 122,880 rows was fastest
// here (8,192 was 28% slower; a million used 1.4 GB).
const recordBatchRows = 122880

// typedRecordColumns are the data columns of raw.dossier_records, in order.
var typedRecordColumns = []string{"dossier_id", "province_code", "unit_set", "agency", "level", "procedure_code",
	"field", "channel", "received_date", "due_date", "resolved_date", "status"}

// typedRecord is one good record as it is stored ("" is NULL).
type typedRecord struct {
	id, provinceCode, unitSet, agency, level, procedure, field, channel, status string
	received, due, resolved                                                     day
	hasResolved                                                                 bool
}

// recordValue is what one distinct input of a categorical column means.
type recordValue struct {
	value, set string // canonical value and map (provinces), when err is nil
	err        error
}

// The columns whose distinct values the checker resolves once, by index.
const (
	colChannel = iota
	colStatus
	colLevel
	colField
	colAgency
	valueColumns
)

var valueColumnNames = [valueColumns]string{"channel", "status", "level", "field", "agency"}

// recordChecker validates records as they are parsed and remembers what
// each distinct value means.
type recordChecker struct {
	p         *Parser
	file      string
	sheet     string
	provinces map[int]map[string]recordValue // year -> input -> meaning
	lastYear  int                            // the year of lastProv
	lastProv  map[string]recordValue
	values    [valueColumns]map[string]recordValue // input -> meaning
	nulls     [valueColumns]bool                   // columns with an empty cell in a good row
	rejects   []*CellError
	total     int64
	disagree  int64
	keep      bool             // keep where every rejected record is (--allow-rejects)
	rejected  []rejectedRecord // when keep
	rec       typedRecord      // the last record checked
}

func newRecordChecker(p *Parser, rf *recordsFile, file string) *recordChecker {
	c := &recordChecker{p: p, file: file, sheet: rf.sheet, provinces: map[int]map[string]recordValue{}}
	for k := range c.values {
		c.values[k] = map[string]recordValue{}
	}
	return c
}

// reject notes a rejected record. value may point into the reader's buffer:
// it is copied when kept.
func (c *recordChecker) reject(line int, column, value, reason string, err error) {
	c.total++
	if c.keep {
		c.rejected = append(c.rejected, rejectedRecord{int64(line), column, reason})
	}
	if len(c.rejects) < maxRejectsShown {
		c.rejects = append(c.rejects, &CellError{File: c.file, Sheet: c.sheet, Row: line, Column: column, Value: strings.Clone(value), Err: err})
	}
}

// day is a date as days since 0000-03-01 (comparable, cheap).
type day int

// parseRecordDate reads yyyy-mm-dd or dd/mm/yyyy (one-digit day and month
// allowed), exactly what raw.dossier_date accepts; ok is false otherwise.
func parseRecordDate(s string) (y int, d day, ok bool) {
	if len(s) < 8 || len(s) > 10 {
		return 0, 0, false
	}
	var yy, mm, dd int
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		// yyyy-mm-dd, the usual form, read in place
		for _, i := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
			if s[i] < '0' || s[i] > '9' {
				return 0, 0, false
			}
		}
		yy = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		mm = int(s[5]-'0')*10 + int(s[6]-'0')
		dd = int(s[8]-'0')*10 + int(s[9]-'0')
	case s[4] == '-':
		var rest string
		if yy, ok = digits(s[:4]); !ok {
			return 0, 0, false
		}
		m, dpart, found := strings.Cut(s[5:], "-")
		if !found {
			return 0, 0, false
		}
		rest = dpart
		if mm, ok = digits(m); !ok || len(m) > 2 {
			return 0, 0, false
		}
		if dd, ok = digits(rest); !ok || len(rest) > 2 {
			return 0, 0, false
		}
	case s[len(s)-5] == '/':
		if yy, ok = digits(s[len(s)-4:]); !ok {
			return 0, 0, false
		}
		dpart, m, found := strings.Cut(s[:len(s)-5], "/")
		if !found || len(dpart) > 2 || len(m) > 2 {
			return 0, 0, false
		}
		if dd, ok = digits(dpart); !ok {
			return 0, 0, false
		}
		if mm, ok = digits(m); !ok {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	if mm < 1 || mm > 12 || dd < 1 || dd > daysIn(yy, mm) {
		return 0, 0, false
	}
	// days from civil (Howard Hinnant's algorithm)
	if mm <= 2 {
		yy--
	}
	era := yy / 400
	yoe := yy - era*400
	mp := (mm + 9) % 12
	doy := (153*mp+2)/5 + dd - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	if mm <= 2 {
		yy++
	}
	return yy, day(era*146097 + doe), true
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// value returns what input means in column, resolving it once. input may
// point into the reader's buffer: it is copied when kept.
func (c *recordChecker) value(column int, input string) recordValue {
	m := c.values[column]
	if v, ok := m[input]; ok {
		return v
	}
	input = strings.Clone(input)
	var v recordValue
	switch column {
	case colChannel, colStatus, colLevel:
		var canon string
		var ok bool
		switch column {
		case colChannel:
			canon, ok = DossierChannel(input)
		case colStatus:
			canon, ok = DossierStatus(input)
		default:
			canon, ok = DossierLevel(input)
		}
		if ok {
			v.value = canon
		} else {
			v.err = unknownValue(valueColumnNames[column], input)
		}
	default:
		v.value = NFC(input)
	}
	m[input] = v
	return v
}

func (c *recordChecker) province(input string, year int) recordValue {
	m := c.lastProv
	if m == nil || year != c.lastYear {
		if m = c.provinces[year]; m == nil {
			m = map[string]recordValue{}
			c.provinces[year] = m
		}
		c.lastYear, c.lastProv = year, m
	}
	if v, ok := m[input]; ok {
		return v
	}
	input = strings.Clone(input) // it may point into the reader's buffer
	var v recordValue
	u, _, err := c.p.resolveUnit(input, "", year)
	if err != nil {
		v.err = err
	} else {
		v.value, v.set = string(u.Code), string(u.Set)
	}
	m[input] = v
	return v
}

// nfc is norm.NFC.String, at once for ASCII (always in NFC).
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

// mergerDay is the merger date (cchc.MergerDate), from which there is no district level.
var mergerDay = func() day {
	_, d, _ := parseRecordDate(cchc.MergerDate().Format(time.DateOnly))
	return d
}()

var errBadDate = errors.New("ngày không hợp lệ (yyyy-mm-dd hoặc dd/mm/yyyy) / invalid date (yyyy-mm-dd or dd/mm/yyyy)")

// coded columns are checked against their meanings, free-text ones kept
var (
	codedColumns = [...]struct {
		name   string
		i, col int
	}{{"channel", 6, colChannel}, {"status", 10, colStatus}, {"level", 3, colLevel}}
	textColumns = [...]struct {
		name   string
		i, col int
	}{{"field", 5, colField}, {"agency", 2, colAgency}}
)

// check validates one record (fields in canonical order), reports whether
// it is good and leaves it typed in c.rec.
func (c *recordChecker) check(line int, f *[11]string) bool {
	id := nfc(f[0])
	if id == "" {
		c.reject(line, "dossier_id", f[0], reasonEmpty, errors.New("thiếu mã hồ sơ / dossier_id is empty"))
		return false
	}
	year, rd, ok := parseRecordDate(f[7])
	if !ok {
		c.reject(line, "received_date", f[7], reasonDate, errBadDate)
		return false
	}
	_, dd, ok := parseRecordDate(f[8])
	if !ok {
		c.reject(line, "due_date", f[8], reasonDate, errBadDate)
		return false
	}
	var sd day
	resolved := f[9] != ""
	if resolved {
		if _, sd, ok = parseRecordDate(f[9]); !ok {
			c.reject(line, "resolved_date", f[9], reasonDate, errBadDate)
			return false
		}
	}
	if dd < rd {
		c.reject(line, "due_date", f[8], reasonDueBefore, errors.New("ngày hẹn trả trước ngày tiếp nhận / due date before the received date"))
		return false
	}
	if resolved && sd < rd {
		c.reject(line, "resolved_date", f[9], reasonResolvedBefore, errors.New("ngày trả kết quả trước ngày tiếp nhận / resolved before it was received"))
		return false
	}
	pv := c.province(f[1], year)
	if pv.err != nil {
		c.reject(line, "province", f[1], reasonValue, pv.err)
		return false
	}
	var coded [3]string
	for k, col := range codedColumns {
		if f[col.i] == "" {
			c.nulls[col.col] = true
			continue
		}
		v := c.value(col.col, f[col.i])
		if v.err != nil {
			c.reject(line, col.name, f[col.i], reasonValue, v.err)
			return false
		}
		coded[k] = v.value
	}
	channel, status, level := coded[0], coded[1], coded[2]
	if level == "district" && rd >= mergerDay {
		c.reject(line, "level", f[3], reasonDistrictAfter, errDistrictAfterMerger)
		return false
	}
	var text [2]string
	for k, col := range textColumns {
		if f[col.i] == "" {
			c.nulls[col.col] = true
		} else {
			text[k] = c.value(col.col, f[col.i]).value
		}
	}
	// the dates win; count a status that says otherwise
	if status != "" && status != "returned" {
		pending := status == "pending" || status == "pending_overdue"
		derived := "late"
		switch {
		case sd < dd:
			derived = "early"
		case sd == dd:
			derived = "on_time"
		}
		if !resolved && !pending || resolved && (pending || status != derived) {
			c.disagree++
		}
	}
	c.rec = typedRecord{id: id, provinceCode: pv.value, unitSet: pv.set, agency: text[1], level: level,
		procedure: nfc(f[4]), field: text[0], channel: channel, status: status,
		received: rd, due: dd, resolved: sd, hasResolved: resolved}
	return true
}

// recordStream parses the file in a goroutine and hands the transport one
// batch of good records at a time.
type recordStream struct {
	batches chan *recordBatch
	err     error
	done    chan struct{}
	// checkIDs: two good records share an id hash (or there were too many
	// records to hash in memory), so DuckDB compares the ids exactly
	checkIDs bool
}

// maxHashedRecords bounds the memory the repeated-id check takes in Go (8
// bytes a record); past it DuckDB, which spills to disk, checks every id.
var maxHashedRecords = 16 << 20

// Err waits for the parse to end and returns its error.
func (s *recordStream) Err() error { <-s.done; return s.err }

// stringColumn builds one Arrow string array straight into its buffers
// (cheaper than a builder per value): offsets, bytes and a validity bitmap.
type stringColumn struct {
	offsets []int32
	data    []byte
	valid   []byte
	nulls   int
}

func newStringColumn(rows, width int) *stringColumn {
	c := &stringColumn{offsets: make([]int32, 1, rows+1), data: make([]byte, 0, rows*width), valid: make([]byte, 0, (rows+7)/8)}
	return c
}

// recordWidths are the bytes a value of each string column of a batch
// usually takes (the buffers grow past them when needed): a batch's memory
// is allocated once, near its size.
var recordWidths = [9]int{14, 2, 2, 24, 8, 9, 16, 12, 8}

func (c *stringColumn) add(v string) {
	n := len(c.offsets) - 1
	if n%8 == 0 {
		c.valid = append(c.valid, 0)
	}
	if v == "" {
		c.nulls++
	} else {
		c.valid[n/8] |= 1 << (n % 8)
		c.data = append(c.data, v...)
	}
	c.offsets = append(c.offsets, int32(len(c.data)))
}

// dateColumn builds one Arrow date32 array (days since 1970-01-01).
type dateColumn struct {
	days  []int32
	valid []byte
	nulls int
}

func newDateColumn(rows int) *dateColumn {
	return &dateColumn{days: make([]int32, 0, rows), valid: make([]byte, 0, (rows+7)/8)}
}

// epoch is 1970-01-01 as a day.
var epoch = func() day {
	_, d, _ := parseRecordDate("1970-01-01")
	return d
}()

func (c *dateColumn) add(d day, ok bool) {
	n := len(c.days)
	if n%8 == 0 {
		c.valid = append(c.valid, 0)
	}
	if ok {
		c.valid[n/8] |= 1 << (n % 8)
		c.days = append(c.days, int32(d-epoch))
	} else {
		c.nulls++
		c.days = append(c.days, 0)
	}
}

// recordBatch is the columns of one batch being filled.
type recordBatch struct {
	str   [9]*stringColumn // dossier_id, province_code, unit_set, agency, level, procedure_code, field, channel, status
	dates [3]*dateColumn   // received, due, resolved
	lines []int64
}

func newRecordBatch() *recordBatch {
	b := &recordBatch{lines: make([]int64, 0, recordBatchRows)}
	for i := range b.str {
		b.str[i] = newStringColumn(recordBatchRows, recordWidths[i])
	}
	for i := range b.dates {
		b.dates[i] = newDateColumn(recordBatchRows)
	}
	return b
}

func (b *recordBatch) add(r *typedRecord, line int) {
	for i, v := range [9]string{r.id, r.provinceCode, r.unitSet, r.agency, r.level, r.procedure, r.field, r.channel, r.status} {
		b.str[i].add(v)
	}
	b.dates[0].add(r.received, true)
	b.dates[1].add(r.due, true)
	b.dates[2].add(r.resolved, r.hasResolved)
	b.lines = append(b.lines, int64(line))
}

func (s *recordStream) parse(ctx context.Context, rf *recordsFile, c *recordChecker, read, rows *atomic.Int64) {
	defer close(s.done)
	defer close(s.batches)
	pos := make([]int, len(recordColumns))
	for i, col := range recordColumns {
		pos[i] = -1
		if j, ok := rf.columns[Field(col)]; ok {
			pos[i] = j
		}
	}
	b := newRecordBatch()
	flush := func() bool {
		if len(b.lines) == 0 {
			return true
		}
		full := b
		b = newRecordBatch()
		select {
		case s.batches <- full:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// repeated ids: a hash per good record (8 bytes), compared at the end;
	// only when two hashes are equal (a repeated id, or by chance) are the
	// ids compared exactly, in SQL
	seed := maphash.MakeSeed()
	var hashes idHashes
	var fields [11]string
	errStop := errors.New("stopped")
	err := scanRecords(rf, read, func(line int, rec []string) error {
		for i, j := range pos {
			if j >= 0 && j < len(rec) {
				fields[i] = rec[j]
			} else {
				fields[i] = ""
			}
		}
		rows.Add(1)
		if !c.check(line, &fields) {
			return nil
		}
		b.add(&c.rec, line)
		if hashes.n < maxHashedRecords {
			hashes.add(maphash.String(seed, c.rec.id))
		} else {
			s.checkIDs = true
		}
		if len(b.lines) == recordBatchRows && !flush() {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		s.err = ctx.Err()
		return
	}
	if err != nil {
		s.err = &CellError{File: c.file, Err: fmt.Errorf("đọc CSV / read CSV: %w", err)}
		return
	}
	if !flush() {
		s.err = ctx.Err()
		return
	}
	if !s.checkIDs && hashes.repeated() {
		s.checkIDs = true
	}
}

// idHashes are the id hashes of a load's good records, in 256 buckets by
// their top byte: each bucket is small enough to check for a repeated hash
// in a table that stays in the CPU's cache (sorting them all was slower).
type idHashes struct {
	buckets [256][]uint64
	n       int
}

func (h *idHashes) add(x uint64) {
	b := &h.buckets[x>>56]
	*b = append(*b, x)
	h.n++
}

// repeated reports whether a hash occurs twice.
func (h *idHashes) repeated() bool {
	var table []uint64 // open addressing on the low bits; 0 is an empty slot
	for _, b := range h.buckets {
		size := 16
		for size < 2*len(b) {
			size *= 2
		}
		if cap(table) < size {
			table = make([]uint64, size)
		} else {
			table = table[:size]
			clear(table)
		}
		mask := uint64(size - 1)
		zero := false
		for _, x := range b {
			if x == 0 {
				if zero {
					return true
				}
				zero = true
				continue
			}
			for i := x & mask; ; i = (i + 1) & mask {
				if table[i] == 0 {
					table[i] = x
					break
				}
				if table[i] == x {
					return true
				}
			}
		}
	}
	return false
}

// fillRecords parses and checks the records in Go, one pass, and hands the
// good ones to insertRecords, the transport the build tag selects (Arrow
// batches with duckdb_arrow, an Appender without), then writes what the
// distinct values mean to raw.dossier_values. The checks are the same
// whichever moves the bytes.
func (p *Parser) fillRecords(ctx context.Context, conn *sql.Conn, rf *recordsFile, res *Result, opt Options, loadID int64) ([]*CellError, error) {
	c := newRecordChecker(p, rf, res.File)
	c.keep = opt.AllowRejects && !opt.DryRun
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &recordStream{batches: make(chan *recordBatch, 2), done: make(chan struct{})}
	var read, parsed atomic.Int64
	stopProgress := reportProgress(opt.Progress, rf, &read, &parsed)
	go s.parse(pctx, rf, c, &read, &parsed)
	n, err := insertRecords(ctx, conn, s, res, loadID)
	cancel()
	stopProgress()
	if perr := s.Err(); perr != nil && !errors.Is(perr, context.Canceled) {
		return nil, perr
	}
	if err != nil {
		return nil, fmt.Errorf("ghi / write raw.dossier_records: %w", err)
	}
	// Records whose id hash repeats: which ids really repeat, compared exactly.
	var lines []int64
	if s.checkIDs {
		rows, err := conn.QueryContext(ctx, `select dossier_id, _source_row from raw.dossier_records
			where _load_id = $1 and dossier_id in (select dossier_id from raw.dossier_records where _load_id = $1
			    group by 1 having count(*) > 1)
			order by _source_row`, loadID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var line int64
			if err := rows.Scan(&id, &line); err != nil {
				rows.Close()
				return nil, err
			}
			lines = append(lines, line)
			c.reject(int(line), "dossier_id", id, reasonDuplicate, errors.New("mã hồ sơ trùng trong tệp / dossier_id repeats in the file"))
		}
		rows.Close()
	}
	if len(lines) > 0 {
		if _, err := conn.ExecContext(ctx, `delete from raw.dossier_records where _load_id = $1 and list_contains($2, _source_row)`, loadID, lines); err != nil {
			return nil, err
		}
		n -= int64(len(lines))
		sortRejects(c.rejects)
		slices.SortStableFunc(c.rejected, func(a, b rejectedRecord) int { return cmp.Compare(a.line, b.line) })
	}
	res.Rows, res.Rejected = int(n), int(c.total)
	if c.total > 0 && !opt.AllowRejects {
		return nil, &RejectError{Rejects: c.rejects}
	}
	if n == 0 {
		return nil, &CellError{File: res.File, Err: errors.New("không có dòng dữ liệu nào / no data rows")}
	}
	if c.disagree > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d hồ sơ có trạng thái trái với ngày tháng, tính theo ngày / %d dossiers whose status disagrees with their dates; the dates win", c.disagree, c.disagree))
	}
	if err := writeRejectedRecords(conn, rf, res.File, loadID, c.rejected); err != nil {
		return nil, fmt.Errorf("ghi / write raw.dossier_records_rejected: %w", err)
	}
	return c.rejects, c.writeValues(conn, loadID)
}

// writeValues writes what the distinct values of the load mean.
func (c *recordChecker) writeValues(conn *sql.Conn, loadID int64) error {
	var out [][]driver.Value
	for year, m := range c.provinces {
		for in, v := range m {
			if v.err == nil {
				out = append(out, []driver.Value{loadID, "province", in, int32(year), v.value, v.set})
			}
		}
	}
	for col, m := range c.values {
		for in, v := range m {
			if v.err == nil {
				out = append(out, []driver.Value{loadID, valueColumnNames[col], in, nil, v.value, nil})
			}
		}
	}
	for col, null := range c.nulls {
		if !null {
			continue
		}
		var v any
		if col == colLevel {
			v = "all"
		}
		out = append(out, []driver.Value{loadID, valueColumnNames[col], nil, nil, v, nil})
	}
	return appendValues(conn, out)
}

func sortRejects(rs []*CellError) {
	// insertion order is by line except the repeated ids found last
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Row < rs[j-1].Row; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
