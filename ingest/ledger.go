package ingest

import (
	"cchc"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Load is one row of the ledger with what is left of it in the warehouse.
type Load struct {
	ID         int64     `json:"load_id"`
	File       string    `json:"file"`
	SHA256     string    `json:"sha256"`
	Kind       string    `json:"kind"`
	Slices     []string  `json:"slices"`
	Rows       int64     `json:"rows_stated"`     // rows the load wrote
	InForce    int64     `json:"rows_in_force"`   // of them, not superseded
	Superseded int64     `json:"rows_superseded"` // of them, superseded by a later load (or kept out by an earlier, more precise or preferred one)
	Conflicts  int64     `json:"conflicts"`       // keys where it disagrees with another load beyond rounding
	Status     string    `json:"status"`          // loaded, superseded (nothing in force), unloaded, failed
	Prefer     string    `json:"prefer,omitempty"`
	Replaced   bool      `json:"replace"`
	Dropped    int64     `json:"dropped"` // with --replace, earlier rows it dropped
	LoadedAt   time.Time `json:"loaded_at"`
	Error      string    `json:"error,omitempty"`
}

// Loads lists the ledger, oldest first, counting each load's rows in force
// and superseded across the raw tables and its disagreements on scores.
func Loads(ctx context.Context, db *sql.DB) ([]Load, error) {
	if err := EnsureSchema(ctx, db); err != nil {
		return nil, err
	}
	var parts []string
	for _, t := range RawTables() {
		parts = append(parts, `select _load_id, _superseded_by from raw.`+t)
	}
	q := `with r as (` + strings.Join(parts, " union all ") + `),
	counts as (
		select _load_id as load_id, count(*) filter (where _superseded_by is null) as in_force,
			count(*) filter (where _superseded_by is not null) as superseded
		from r group by all
	),
	conflicts as (
		select load_id, count(*) as n from (
			select kept_load_id as load_id from raw._score_conflicts
			union all select other_load_id from raw._score_conflicts
			union all select kept_load_id from raw._row_conflicts
			union all select other_load_id from raw._row_conflicts)
		group by all
	)
	select l.load_id, coalesce(l.file, ''), coalesce(l.sha256, ''), coalesce(l.kind, ''), coalesce(l.slices, ''), coalesce(l.rows, 0),
		coalesce(c.in_force, 0), coalesce(c.superseded, 0), coalesce(x.n, 0), coalesce(l.status, ''),
		coalesce(l.prefer, ''), coalesce(l.replaced, false), coalesce(l.dropped, 0), l.loaded_at, coalesce(l.error, '')
	from raw._loads as l
	left join counts as c on c.load_id = l.load_id
	left join conflicts as x on x.load_id = l.load_id
	order by l.load_id`
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Load
	for rows.Next() {
		var l Load
		var slices string
		var at sql.NullTime
		if err := rows.Scan(&l.ID, &l.File, &l.SHA256, &l.Kind, &slices, &l.Rows, &l.InForce, &l.Superseded, &l.Conflicts, &l.Status,
			&l.Prefer, &l.Replaced, &l.Dropped, &at, &l.Error); err != nil {
			return nil, err
		}
		l.LoadedAt = at.Time
		if slices != "" {
			l.Slices = strings.Split(slices, ";")
		} else {
			l.Slices = []string{}
		}
		if l.Status == "loaded" && l.Rows > 0 && l.InForce == 0 {
			l.Status = "superseded"
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ErrNoLoad is returned by Unload for an id the ledger does not hold as loaded.
var ErrNoLoad = errors.New("không có lần nạp này trong sổ / no such load in the ledger")

// Unloaded is what Unload did.
type Unloaded struct {
	ID       int64  `json:"load_id"`
	File     string `json:"file"`
	Removed  int64  `json:"rows_removed"`
	Restored int64  `json:"rows_restored"`
}

// Unload takes a load out of the warehouse in one transaction: its rows
// are deleted and the rows it had superseded are back in force (or, where
// a later load also states their key, superseded by that load instead).
// The ledger keeps the load, with status unloaded.
func Unload(ctx context.Context, db *sql.DB, id int64) (*Unloaded, error) {
	if err := EnsureSchema(ctx, db); err != nil {
		return nil, err
	}
	conn, err := cchc.Begin(ctx, db)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	u := &Unloaded{ID: id}
	var status string
	err = conn.QueryRowContext(ctx, `select coalesce(file, ''), coalesce(status, '') from raw._loads where load_id = ?`, id).Scan(&u.File, &status)
	if errors.Is(err, sql.ErrNoRows) || err == nil && status != "loaded" {
		what := "không có / none"
		if status != "" {
			what = status
		}
		return nil, fmt.Errorf("lần nạp / load #%d (%s): %w", id, what, ErrNoLoad)
	}
	if err != nil {
		return nil, err
	}
	for _, table := range RawTables() {
		t := "raw." + table
		r, err := conn.ExecContext(ctx, `delete from `+t+` where _load_id = $1`, id)
		if err != nil {
			return nil, fmt.Errorf("unload %s: %w", t, err)
		}
		n, err := r.RowsAffected()
		if err != nil {
			return nil, err
		}
		u.Removed += n
		// a key that still has a row in force: what it had superseded now
		// gives way to that row
		if _, err := conn.ExecContext(ctx, `update `+t+` as o set _superseded_by = f._load_id
			from `+t+` as f
			where o._superseded_by = $1 and f._superseded_by is null and `+cchc.KeyJoin(table, "o", "f"), id); err != nil {
			return nil, fmt.Errorf("unload %s: %w", t, err)
		}
		// otherwise the latest of the rows it had superseded is in force again
		keys := strings.Join(NaturalKey[table], ", ")
		var back int64
		if err := conn.QueryRowContext(ctx, `select count(*) from (select distinct `+keys+` from `+t+` where _superseded_by = $1)`, id).Scan(&back); err != nil {
			return nil, fmt.Errorf("unload %s: %w", t, err)
		}
		if back == 0 {
			continue
		}
		if _, err = conn.ExecContext(ctx, `update `+t+` as o set _superseded_by = case when o._load_id = w.win then null else w.win end
			from (select `+keys+`, max(_load_id) as win from `+t+` where _superseded_by = $1 group by all) as w
			where o._superseded_by = $1 and `+cchc.KeyJoin(table, "o", "w"), id); err != nil {
			return nil, fmt.Errorf("unload %s: %w", t, err)
		}
		u.Restored += back
	}
	for _, t := range []string{"raw.dossier_records_rejected", "raw.dossier_values", "raw._rejects"} {
		col := "_load_id"
		if t != "raw.dossier_records_rejected" {
			col = "load_id"
		}
		if _, err := conn.ExecContext(ctx, `delete from `+t+` where `+col+` = $1`, id); err != nil {
			return nil, fmt.Errorf("unload %s: %w", t, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `update raw._loads set status = 'unloaded' where load_id = $1`, id); err != nil {
		return nil, err
	}
	if err := conn.Commit(ctx); err != nil {
		return nil, err
	}
	return u, nil
}
