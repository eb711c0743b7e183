//go:build !duckdb_arrow

package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"cchc"
)

// This file is the records fast path without the duckdb_arrow build tag:
// DuckDB's own CSV reader. records_arrow.go is the path with it.

// fillRecords loads the records through DuckDB's own CSV reader: every
// column as text into a temporary table in one statement, then the distinct
// provinces, channels, statuses, levels and fields are resolved in Go into
// raw.dossier_values, one SQL scan finds the bad rows, and the good ones are
// written typed to raw.dossier_records.
func (p *Parser) fillRecords(ctx context.Context, conn *sql.Conn, rf *recordsFile, res *Result, opt Options, loadID int64) ([]*CellError, error) {
	var read, parsed atomic.Int64
	stopProgress := reportProgress(opt.Progress, rf, &read, &parsed)
	defer stopProgress()
	// 1. DuckDB's reader, every column as text (no type sniffing: a procedure
	// code such as 1.001230 must stay text), an empty cell as NULL. One INSERT
	// with insertion order preserved appends the records in file order, so
	// their row ids number them: far cheaper than a row_number() window in
	// the same statement.
	var colDefs, sel []string
	for j := 0; j < rf.ncols; j++ {
		colDefs = append(colDefs, fmt.Sprintf("'c%d': 'VARCHAR'", j))
	}
	for _, c := range recordColumns {
		j, ok := rf.columns[c]
		switch {
		case !ok:
			sel = append(sel, "null")
		case c == "dossier_id" || c == "procedure_code":
			sel = append(sel, fmt.Sprintf("nfc_normalize(nullif(c%d, ''))", j))
		default:
			sel = append(sel, fmt.Sprintf("nullif(c%d, '')", j))
		}
	}
	if _, err := conn.ExecContext(ctx, "set preserve_insertion_order = true"); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "set preserve_insertion_order = false")
	if _, err := conn.ExecContext(ctx, `create or replace temp table cchc_records_text (
		dossier_id varchar, province varchar, agency varchar, level varchar, procedure_code varchar,
		field varchar, channel varchar, received_date varchar, due_date varchar, resolved_date varchar,
		status varchar, _source_row bigint)`); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.cchc_records_text")
	// Column names and positions are generated here, never read from the file.
	insert := `insert into temp.cchc_records_text select ` + strings.Join(sel, ", ") +
		`, null from read_csv($1, header = true, delim = $2, quote = '"', escape = '"',
		null_padding = true, strict_mode = false, columns = {` + strings.Join(colDefs, ", ") + `})`
	r, err := conn.ExecContext(ctx, insert, rf.path, string(rf.delim))
	if err != nil {
		return nil, &CellError{File: res.File, Err: fmt.Errorf("đọc CSV / read CSV: %w", err)}
	}
	n, _ := r.RowsAffected()
	if st, err := os.Stat(rf.path); err == nil {
		read.Store(st.Size())
	}
	parsed.Store(n)
	var first, last, count int64
	if err := conn.QueryRowContext(ctx, `select coalesce(min(rowid), 0), coalesce(max(rowid), -1), count(*) from temp.cchc_records_text`).Scan(&first, &last, &count); err != nil {
		return nil, err
	}
	if last-first+1 != count || count != n {
		return nil, fmt.Errorf("internal: records of load %d are not contiguous (%d..%d, %d rows)", loadID, first, last, count)
	}
	if _, err := conn.ExecContext(ctx, `update temp.cchc_records_text set _source_row = rowid - $1 + 2`, first); err != nil {
		return nil, err
	}
	// Record numbers are lines unless a record spans lines, a line is blank
	// or the file came from a workbook: then map them.
	if _, err := rf.wait(); err != nil {
		return nil, err
	}
	if rf.lines != nil || !rf.noQuotes || int64(rf.nlines) != n+1 {
		if err := mapRecordLines(ctx, conn, rf, n); err != nil {
			return nil, err
		}
	}

	// 2. What the distinct values mean, resolved in Go.
	chk, err := p.resolveRecordValues(ctx, conn, loadID)
	if err != nil {
		return nil, err
	}

	// 3. Bad rows, and statuses that disagree with the dates (the dates win), in one scan.
	rejects, total, disagree, err := checkRecords(ctx, conn, chk, loadID)
	if err != nil {
		return nil, err
	}
	if total > 0 {
		for _, rj := range rejects {
			rj.File, rj.Sheet = res.File, rf.sheet
		}
	}
	res.Rows, res.Rejected = int(n-total), int(total)
	if total > 0 && !opt.AllowRejects {
		return nil, &RejectError{Rejects: rejects}
	}
	if res.Rows == 0 {
		return nil, &CellError{File: res.File, Err: errors.New("không có dòng dữ liệu nào / no data rows")}
	}

	// 4. The good rows, typed, with what their values mean.
	if _, err := conn.ExecContext(ctx, "set preserve_insertion_order = false"); err != nil {
		return nil, err
	}
	args := append(chk.args(loadID), res.File)
	if _, err := conn.ExecContext(ctx, `insert into raw.dossier_records
		select t.dossier_id, p.value, p.unit_set, nullif(a.value, ''), l.value, t.procedure_code, nullif(f.value, ''), c.value,
		  raw.dossier_date(t.received_date), raw.dossier_date(t.due_date), raw.dossier_date(t.resolved_date), s.value,
		  $12, t._source_row, $1, null
		from temp.cchc_records_text as t
		join raw.dossier_values as p on p.load_id = $1 and p.column_name = 'province' and p.input = t.province
		  and p.year = year(raw.dossier_date(t.received_date))
		left join raw.dossier_values as l on l.load_id = $1 and l.column_name = 'level' and l.input = t.level
		left join raw.dossier_values as f on f.load_id = $1 and f.column_name = 'field' and f.input = t.field
		left join raw.dossier_values as a on a.load_id = $1 and a.column_name = 'agency' and a.input = t.agency
		left join raw.dossier_values as c on c.load_id = $1 and c.column_name = 'channel' and c.input = t.channel
		left join raw.dossier_values as s on s.load_id = $1 and s.column_name = 'status' and s.input = t.status
		where t._source_row not in (`+rejectsSQL+`)`, args...); err != nil {
		return nil, fmt.Errorf("ghi / write raw.dossier_records: %w", err)
	}
	if total > 0 && !opt.DryRun {
		rejected, err := rejectedRecords(ctx, conn, chk, loadID)
		if err != nil {
			return nil, err
		}
		if err := writeRejectedRecords(conn, rf, res.File, loadID, rejected); err != nil {
			return nil, fmt.Errorf("ghi / write raw.dossier_records_rejected: %w", err)
		}
	}
	if disagree > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d hồ sơ có trạng thái trái với ngày tháng, tính theo ngày / %d dossiers whose status disagrees with their dates; the dates win", disagree, disagree))
	}
	return rejects, nil
}

// rejectedRecords lists where every rejected record of the load is and why.
func rejectedRecords(ctx context.Context, conn *sql.Conn, chk *recordCheck, loadID int64) ([]rejectedRecord, error) {
	rows, err := conn.QueryContext(ctx, `select _source_row, column_name,
		case when reason = 'district_after_merger' and column_name <> 'level' then 'value' else reason end
		from (`+classifiedSQL+`) where column_name is not null order by _source_row`, chk.args(loadID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rejectedRecord
	for rows.Next() {
		var r rejectedRecord
		if err := rows.Scan(&r.line, &r.column, &r.reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// resolveRecordValues maps the distinct values of a load's categorical
// columns (a few hundred, however many rows) and writes them to
// raw.dossier_values; it returns the values that mean nothing, with why.
func (p *Parser) resolveRecordValues(ctx context.Context, conn *sql.Conn, loadID int64) (*recordCheck, error) {
	rows, err := conn.QueryContext(ctx, `
		select 'province', province, year(raw.dossier_date(received_date)) from temp.cchc_records_text group by all
		union all select 'channel', channel, null from temp.cchc_records_text group by all
		union all select 'status', status, null from temp.cchc_records_text group by all
		union all select 'level', level, null from temp.cchc_records_text group by all
		union all select 'field', field, null from temp.cchc_records_text group by all
		union all select 'agency', agency, null from temp.cchc_records_text group by all`)
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
			value, set = string(u.Code), string(u.Set)
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
			if v.column == "level" && c == "district" {
				chk.lists["district"] = append(chk.lists["district"], in)
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
	return chk, appendValues(conn, out)
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
		l("early"), l("on_time"), l("late"), append(append([]string{}, l("pending")...), l("pending_overdue")...), l("district"),
		cchc.MergerDate().Format(time.DateOnly)}
}

// classifiedSQL types the dates of a load's records (in
// temp.cchc_records_text; $1 is the load id) once and names, for a bad row, its first bad column and why. Unknown values come as lists
// ($2 provinces as "input|year", $3 channels, $4 statuses, $5 levels), so
// the check needs no join; $6..$9 are the status inputs meaning early, on
// time, late and pending, to count statuses that disagree with the dates;
// $10 the level inputs meaning district, refused from $11, the merger date.
const classifiedSQL = `
with r as (
  select $1 as load_id, r._source_row, r.dossier_id, r.received_date, r.due_date, r.resolved_date, r.province, r.channel, r.status, r.level,
    raw.dossier_date(r.received_date) as rd, raw.dossier_date(r.due_date) as dd, raw.dossier_date(r.resolved_date) as sd,
    d.dossier_id is not null as repeated
  from temp.cchc_records_text as r
  left join (select dossier_id from temp.cchc_records_text group by dossier_id having count(*) > 1) as d
    on d.dossier_id = r.dossier_id
)
select *,
  case
    when dossier_id is null or repeated then 'dossier_id'
    when rd is null then 'received_date'
    when dd is null then 'due_date'
    when resolved_date is not null and sd is null then 'resolved_date'
    when dd < rd then 'due_date'
    when sd < rd then 'resolved_date'
    when province is null or len($2) > 0 and list_contains($2, province || '|' || year(rd)) then 'province'
    when len($3) > 0 and list_contains($3, channel) then 'channel'
    when len($4) > 0 and list_contains($4, status) then 'status'
    when len($5) > 0 and list_contains($5, level) then 'level'
    when len($10) > 0 and list_contains($10, level) and rd >= cast($11 as date) then 'level'
  end as column_name,
  case
    when dossier_id is null then 'empty'
    when repeated then 'duplicate'
    when rd is null or dd is null or (resolved_date is not null and sd is null) then 'date'
    when dd < rd then 'due_before_received'
    when sd < rd then 'resolved_before_received'
    when len($10) > 0 and list_contains($10, level) and rd >= cast($11 as date) then 'district_after_merger'
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

		case "district_after_merger":
			if col == "level" {
				ce.Err = errDistrictAfterMerger
				break
			}
			fallthrough // another column of the row is bad first
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

// mapRecordLines turns the record numbers of a load (header = 1) into the
// lines or sheet rows the user sees.
func mapRecordLines(ctx context.Context, conn *sql.Conn, rf *recordsFile, n int64) error {
	lines := make([]int32, 0, n)
	if rf.lines != nil {
		for _, l := range rf.lines {
			lines = append(lines, int32(l))
		}
	} else {
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
		if _, err := cr.Read(); err != nil { // the header
			return err
		}
		for int64(len(lines)) < n {
			if _, err := cr.Read(); err != nil {
				break
			}
			line, _ := cr.FieldPos(0)
			lines = append(lines, int32(line))
		}
	}
	// record k (numbered from 2, after the header) is at lines[k-2]: a list is 1-based
	_, err := conn.ExecContext(ctx, `update temp.cchc_records_text set _source_row = $1[_source_row - 1]`, lines)
	return err
}
