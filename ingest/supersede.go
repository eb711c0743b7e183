package ingest

import (
	"cchc"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// RawTables are the raw tables with a natural key, in a fixed order.
func RawTables() []string {
	ts := make([]string, 0, len(NaturalKey))
	for t := range NaturalKey {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// officialKinds are the kinds read by the adapters of the published
// workbooks: what --prefer official prefers.
var officialKinds = []string{KindPCIWorkbook, KindPAPIWorkbook}

// PreferOfficial is the value of Options.Prefer that keeps the values of
// the official workbooks where a load disagrees with them.
const PreferOfficial = "official"

// supersession is what a load did to the rows loaded before it.
type supersession struct {
	superseded int64    // earlier rows of keys it states, now superseded
	from       []string // the files those rows came from
	dropped    int64    // with --replace, earlier rows of its slices it does not state
	keptOld    int64    // keys where the earlier row stays in force (more precise, or --prefer)
	precise    int64    // of keptOld: equal within rounding, the earlier more precise
	conflicts  int64    // keys where the two disagree beyond the coarser rounding
	rows       bool     // the conflicts are of rows (raw._row_conflicts), not of scores
	// of the conflicts of rows, those where the earlier row stays (--prefer)
	keptOldConflicts int64
}

// supersede runs, on the load's transaction, after its rows are written:
// every row in force of a key the load states is superseded by it; with
// replace, so is every other row in force of its slices; then, where an
// earlier row should stay (a more precise equal score, or the source
// --prefer names), the two swap. Each step is one set-based statement.
func supersede(ctx context.Context, conn *sql.Conn, table string, loadID int64, sls []slice, res *Result, opt Options) (*supersession, error) {
	t := "raw." + table
	s := &supersession{}
	// the first load of a table (the usual case for millions of records)
	// supersedes nothing: skip the key join over all its rows
	var earlier bool
	if err := conn.QueryRowContext(ctx, `select exists (select 1 from `+t+` where _superseded_by is null and _load_id <> $1)`, loadID).Scan(&earlier); err != nil {
		return nil, fmt.Errorf("supersede %s: %w", t, err)
	}
	if !earlier {
		return s, nil
	}
	r, err := conn.ExecContext(ctx, `update `+t+` as o set _superseded_by = $1
		from (select distinct `+strings.Join(NaturalKey[table], ", ")+` from `+t+` where _load_id = $1) as n
		where o._superseded_by is null and o._load_id <> $1 and `+cchc.KeyJoin(table, "o", "n"), loadID)
	if err != nil {
		return nil, fmt.Errorf("supersede %s: %w", t, err)
	}
	if s.superseded, err = r.RowsAffected(); err != nil {
		return nil, err
	}
	if opt.Replace {
		for _, sl := range sls {
			args := append([]any{loadID}, sl.args...)
			// the slice's condition uses ? placeholders: keep them all positional
			r, err := conn.ExecContext(ctx, `update `+t+` set _superseded_by = ?
				where _superseded_by is null and _load_id <> ? and (`+sl.where+`)`, append([]any{loadID}, args...)...)
			if err != nil {
				return nil, fmt.Errorf("replace %s: %w", t, err)
			}
			n, err := r.RowsAffected()
			if err != nil {
				return nil, err
			}
			s.dropped += n
		}
	}
	if s.superseded+s.dropped > 0 {
		rows, err := conn.QueryContext(ctx, `select distinct _source_file from `+t+` where _superseded_by = $1 order by 1`, loadID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return nil, err
			}
			s.from = appendUnique(s.from, filepath.Base(f))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if s.superseded == 0 {
		return s, nil
	}
	// Where the earlier row stays in force. preferOld: --prefer names the
	// earlier row's source (the official workbooks, or a file) and not this load's.
	preferOld := `(($2 = 'official' and list_contains(string_split($3, chr(31)), lo.kind) and not list_contains(string_split($3, chr(31)), $4))
		or ($2 not in ('', 'official') and lo.file_name = $2 and $5 <> $2))`
	keepOld := preferOld
	if table == "index_scores" {
		keepOld = `case when ` + scoresAgree("o", "n") + ` then ` + decimals("o") + ` > ` + decimals("n") + ` else ` + preferOld + ` end`
	}
	args := []any{loadID, preferName(opt.Prefer), strings.Join(officialKinds, "\x1f"), res.Kind, filepath.Base(res.File)}
	r, err = conn.ExecContext(ctx, `update `+t+` as n set _superseded_by = o._load_id
		from `+t+` as o join raw._loads as lo on lo.load_id = o._load_id
		where n._load_id = $1 and n._superseded_by is null and o._superseded_by = $1 and `+cchc.KeyJoin(table, "o", "n")+` and `+keepOld, args...)
	if err != nil {
		return nil, fmt.Errorf("reconcile %s: %w", t, err)
	}
	if s.keptOld, err = r.RowsAffected(); err != nil {
		return nil, err
	}
	if s.keptOld > 0 {
		if _, err := conn.ExecContext(ctx, `update `+t+` as o set _superseded_by = null
			from `+t+` as n
			where o._superseded_by = $1 and n._load_id = $1 and n._superseded_by = o._load_id and `+cchc.KeyJoin(table, "o", "n"), loadID); err != nil {
			return nil, fmt.Errorf("reconcile %s: %w", t, err)
		}
		s.superseded -= s.keptOld
	}
	if slices.Contains(cchc.RowConflictTables(), table) {
		if err := conn.QueryRowContext(ctx, `select count(*), count(*) filter (where other_load_id = $1)
			from raw._row_conflicts where table_name = $2 and (kept_load_id = $1 or other_load_id = $1)`,
			loadID, table).Scan(&s.conflicts, &s.keptOldConflicts); err != nil {
			return nil, fmt.Errorf("reconcile %s: %w", t, err)
		}
		s.rows = true
	}
	if table == "index_scores" {
		// pairs of this load's rows and the earlier rows of their keys
		pair := `from raw.index_scores as n join raw.index_scores as o on ` + cchc.KeyJoin(table, "o", "n") + `
			where n._load_id = $1 and o._load_id <> $1 and (o._superseded_by = $1 or n._superseded_by = o._load_id)`
		if err := conn.QueryRowContext(ctx, `select count(*) filter (where `+scoresAgree("o", "n")+` and n._superseded_by = o._load_id),
			count(*) filter (where not coalesce(`+scoresAgree("o", "n")+`, false)) `+pair, loadID).Scan(&s.precise, &s.conflicts); err != nil {
			return nil, fmt.Errorf("reconcile %s: %w", t, err)
		}
	}
	return s, nil
}

func decimals(a string) string {
	return "raw.score_decimals(" + a + ".score_input, " + a + ".score)"
}

func scoresAgree(a, b string) string {
	return "raw.scores_agree(" + a + ".score, " + decimals(a) + ", " + b + ".score, " + decimals(b) + ")"
}

// notes says what a load did to the rows before it, in both languages.
func (s *supersession) notes(loadID int64) []string {
	var out []string
	from := strings.Join(s.from, ", ")
	if s.superseded > 0 {
		out = append(out, fmt.Sprintf("thay thế %d dòng đã nạp trước cho cùng khóa, từ %s (vẫn giữ trong kho; 'cchc unload %d' khôi phục) / superseded %d rows loaded before for the same keys, from %s (kept in the warehouse; 'cchc unload %d' restores them)",
			s.superseded, from, loadID, s.superseded, from, loadID))
	}
	if s.dropped > 0 {
		out = append(out, fmt.Sprintf("--replace: bỏ %d dòng đã nạp của các phần dữ liệu này mà tệp không nêu lại / --replace: dropped %d rows loaded before for these slices that the file does not state again",
			s.dropped, s.dropped))
	}
	if s.precise > 0 {
		out = append(out, fmt.Sprintf("%d giá trị bằng giá trị chính xác hơn đã nạp (trong phạm vi làm tròn): giữ giá trị chính xác hơn / %d values equal, within their rounding, more precise values loaded before: the more precise are kept",
			s.precise, s.precise))
	}
	if s.conflicts > 0 && s.rows {
		later := s.conflicts - s.keptOldConflicts
		out = append(out, fmt.Sprintf("%d dòng khác dòng đã nạp cho cùng khóa: %d giữ dòng của lần nạp này (nạp sau), %d giữ dòng trước theo --prefer (danh sách và chỗ khác nhau: marts.mart_source_conflicts sau 'cchc build'; --prefer TỆP|official để chọn) / %d rows differ from the rows loaded before for the same keys: %d keep this (the later) load's, %d the earlier by --prefer (listed with what differs in marts.mart_source_conflicts after 'cchc build'; --prefer FILE|official to choose)",
			s.conflicts, later, s.keptOldConflicts, s.conflicts, later, s.keptOldConflicts))
	} else if s.conflicts > 0 {
		preferred := s.keptOld - s.precise
		later := s.conflicts - preferred
		out = append(out, fmt.Sprintf("%d giá trị khác giá trị đã nạp cho cùng khóa quá mức làm tròn: %d giữ giá trị của lần nạp này (nạp sau), %d giữ giá trị trước theo --prefer (danh sách: marts.mart_source_conflicts sau 'cchc build'; --prefer TỆP|official để chọn) / %d values differ beyond rounding from the values loaded before for the same keys: %d keep this (the later) load's, %d the earlier by --prefer (listed in marts.mart_source_conflicts after 'cchc build'; --prefer FILE|official to choose)",
			s.conflicts, later, preferred, s.conflicts, later, preferred))
	}
	if n := s.keptOld - s.precise; n > 0 {
		out = append(out, fmt.Sprintf("--prefer: giữ %d giá trị đã nạp trước / --prefer: kept %d values loaded before", n, n))
	}
	return out
}

// supersede applies the load's rows to the rows before it and says so in
// the result's notes.
func (res *Result) supersede(ctx context.Context, conn *sql.Conn, table string, loadID int64, sls []slice, opt Options) error {
	s, err := supersede(ctx, conn, table, loadID, sls, res, opt)
	if err != nil {
		return err
	}
	res.Superseded, res.Dropped, res.Conflicts = s.superseded, s.dropped, s.conflicts
	res.Notes = append(res.Notes, s.notes(loadID)...)
	return nil
}

// preferName is how --prefer is recorded: official, or a file's base name.
func preferName(p string) string {
	if p == "" || p == PreferOfficial {
		return p
	}
	return filepath.Base(p)
}
