package models

import (
	"cchc"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// A build is incremental. Every input (a raw.* or ref.* table) and every
// model gets a fingerprint: a raw table's from its rows (count and a sum of
// row hashes: of the rows' lineage, the load, sheet and row each came from
// and the load that superseded it, where the table has one: a loaded row is
// never changed in place, cchc.RawSchemaVersion aside), a ref table's from
// the embedded reference, a model's from its SQL and the fingerprints of what
// it reads. A model whose fingerprint is the
// one recorded by the last build is kept; any other is rebuilt. A model that
// declares a slice key ("-- slice: unit_set, province_code") has a
// fingerprint per slice, and when only some slices of its inputs changed
// (same SQL, same unsliced inputs) only those slices are rebuilt: deleted,
// then inserted from the model's SQL with its sliced inputs narrowed to
// them. The fingerprints of the last good build are kept in
// marts._build_state, inside the build's transaction, so a failed build
// leaves them as they were.

// runnerVersion changes when the way models are built changes, so that a
// warehouse built by an older cchc is rebuilt whole.
const runnerVersion = "incremental-2"

// Options control a build.
type Options struct {
	Full bool // rebuild every model and run every check, whatever changed
	// Strict keeps a failing check all-or-nothing: the build is rolled back.
	// Otherwise the slices a failing check names (index x year of the
	// scores, unit x year of the dossier figures: sliceKinds) are held out
	// of core and the marts and the rest is built (IsolatedError).
	Strict bool
	// Progress, when set, is called after each model or check with how many
	// of total are done and the one just done.
	Progress func(done, total int, model string)
}

// Actions a build takes with a model (ModelRun.Action).
const (
	ActionFull   = "full"   // (re)built whole
	ActionSlices = "slices" // only the slices whose inputs changed
	ActionKept   = "kept"   // nothing it reads changed
	ActionRun    = "run"    // a check, run
)

// ModelRun is what a build did with one model or check.
type ModelRun struct {
	ID       string
	View     bool
	Check    bool
	Action   string
	Slices   int   // slices rebuilt, when Action is ActionSlices
	Rows     int64 // rows of a table after the build; -1 for a view or a check
	Duration time.Duration
}

// Report says what a build did.
type Report struct {
	Models   []string
	Checks   []string
	Rows     map[string]int64
	Runs     []ModelRun // every model and check, in build order
	Full     bool
	Duration time.Duration
}

// Rebuilt counts the models (not the checks) a build did not keep.
func (r *Report) Rebuilt() int {
	n := 0
	for _, m := range r.Runs {
		if !m.Check && m.Action != ActionKept {
			n++
		}
	}
	return n
}

// Build builds what changed since the last build (see Options.Full).
func Build(ctx context.Context, db *sql.DB, ref Reference) (*Report, error) {
	return BuildWith(ctx, db, ref, Options{})
}

var identPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// buildState is what the last build recorded: each model's own
// fingerprint, and each sliced model's per-slice fingerprints.
type buildState struct {
	own    map[string]string
	slices map[string]map[string]string // model -> slice key (JSON) -> fingerprint
}

// BuildWith loads the reference tables, builds the models that changed (or
// all with opt.Full) in order and runs the checks whose inputs changed, all
// in one transaction. If a check fails on slices it names (sliceKinds),
// those are held out and the rest is built (an *IsolatedError says so);
// with opt.Strict, or a check that names no slice, nothing changes.
func BuildWith(ctx context.Context, db *sql.DB, ref Reference, opt Options) (*Report, error) {
	return buildIsolating(ctx, db, ref, opt)
}

// buildOnce is one build in one transaction, with held held out of core.
func buildOnce(ctx context.Context, db *sql.DB, ref Reference, opt Options, held []HeldOut) (*Report, error) {
	start := time.Now()
	ms, err := Load(sqlFS)
	if err != nil {
		return nil, err
	}
	ordered, err := Order(ms)
	if err != nil {
		return nil, err
	}
	byID := map[string]Model{}
	for _, m := range ordered {
		byID[m.ID()] = m
		for _, k := range m.Slice {
			if !identPattern.MatchString(k) {
				return nil, fmt.Errorf("model %s: slice key %q is not a column name", m.ID(), k)
			}
		}
	}
	tables, err := refTables(ref)
	if err != nil {
		return nil, err
	}
	tx, err := cchc.Begin(ctx, db)
	if err != nil {
		return nil, err
	}
	defer tx.Close(ctx)
	conn := tx.Conn
	for _, s := range []string{"ref", "staging", "core", "marts"} {
		if _, err := conn.ExecContext(ctx, "create schema if not exists "+s); err != nil {
			return nil, err
		}
	}
	if _, err := conn.ExecContext(ctx, `create table if not exists marts._build_state (model varchar, slice varchar, fingerprint varchar)`); err != nil {
		return nil, err
	}
	old := buildState{own: map[string]string{}, slices: map[string]map[string]string{}}
	if !opt.Full {
		if old, err = readState(ctx, conn); err != nil {
			return nil, err
		}
	}
	existing, rawCols, err := catalog(ctx, conn)
	if err != nil {
		return nil, err
	}
	next := buildState{own: map[string]string{}, slices: map[string]map[string]string{}}
	rep := &Report{Rows: map[string]int64{}, Full: opt.Full}
	b := &builder{conn: conn, fps: map[string]string{}, sliceFPs: map[string]map[string]string{}, sliceKey: map[string]string{}, sliceOwn: map[string]string{}}
	fp, err := writeHeldOut(ctx, conn, held)
	if err != nil {
		return nil, fmt.Errorf("build ref._held_out: %w", err)
	}
	b.fps["ref._held_out"], next.own["ref._held_out"] = fp, fp

	// ref.*: written again only when the embedded reference changed
	for _, t := range tables {
		id, fp := "ref."+t.name, t.fingerprint()
		b.fps[id], next.own[id] = fp, fp
		if old.own[id] != fp || !existing[id] {
			if err := t.write(ctx, conn); err != nil {
				return nil, fmt.Errorf("build ref: %w", err)
			}
		}
	}
	// raw.*: per slice where a sliced model reads the table by a key it has
	wantSlices := map[string][]string{}
	for _, m := range ordered {
		for _, in := range m.Inputs {
			if strings.HasPrefix(in, "raw.") && len(m.Slice) > 0 && hasColumns(rawCols[in], m.Slice) {
				wantSlices[in] = m.Slice
			}
		}
	}
	seen := map[string]bool{}
	for _, m := range ordered {
		for _, in := range m.Inputs {
			if seen[in] || !strings.HasPrefix(in, "raw.") {
				continue
			}
			seen[in] = true
			if !existing[in] {
				b.fps[in] = "absent"
				continue
			}
			if err := b.fingerprintRaw(ctx, in, wantSlices[in], rawCols[in]); err != nil {
				return nil, fmt.Errorf("build %s: %w", in, err)
			}
		}
	}

	var failures []CheckFailure
	for i, m := range ordered {
		t0 := time.Now()
		run := ModelRun{ID: m.ID(), View: m.Schema == "staging", Check: m.Schema == "checks", Rows: -1}
		own, slices := b.fingerprintModel(m)
		next.own[m.ID()] = own
		if slices != nil {
			next.slices[m.ID()] = slices
		}
		unchanged := !opt.Full && old.own[m.ID()] == own && (m.Schema == "checks" || existing[m.ID()])
		switch m.Schema {
		case "staging":
			run.Action = ActionKept
			if !unchanged {
				run.Action = ActionFull
				if _, err := conn.ExecContext(ctx, fmt.Sprintf("create or replace view %s as\n%s", m.ID(), m.SQL)); err != nil {
					return nil, fmt.Errorf("build %s: %w", m.ID(), err)
				}
			}
			rep.Models = append(rep.Models, m.ID())
		case "core", "marts":
			run.Action = ActionKept
			switch {
			case !unchanged:
				run.Action = ActionFull
				if _, err := conn.ExecContext(ctx, fmt.Sprintf("create or replace table %s as\n%s", m.ID(), m.SQL)); err != nil {
					return nil, fmt.Errorf("build %s: %w", m.ID(), err)
				}
			case slices != nil:
				touched := touchedSlices(old.slices[m.ID()], slices)
				if len(touched) > 0 {
					run.Action, run.Slices = ActionSlices, len(touched)
					if err := b.rebuildSlices(ctx, m, touched); err != nil {
						return nil, fmt.Errorf("build %s: %w", m.ID(), err)
					}
				}
			}
			if err := conn.QueryRowContext(ctx, "select count(*) from "+m.ID()).Scan(&run.Rows); err != nil {
				return nil, err
			}
			rep.Rows[m.ID()] = run.Rows
			rep.Models = append(rep.Models, m.ID())
		case "checks":
			run.Action = ActionKept
			if !unchanged { // a check whose inputs did not change passed in the last build
				run.Action = ActionRun
				f, err := runCheck(ctx, conn, m)
				if err != nil {
					return nil, fmt.Errorf("check %s: %w", m.Name, err)
				}
				if f != nil {
					failures = append(failures, *f)
				}
			}
			rep.Checks = append(rep.Checks, m.Name)
		}
		run.Duration = time.Since(t0)
		rep.Runs = append(rep.Runs, run)
		if opt.Progress != nil {
			opt.Progress(i+1, len(ordered), m.ID())
		}
	}
	if len(failures) > 0 {
		ce := &CheckError{Failures: failures}
		if !opt.Strict {
			h, ok, err := isolate(ctx, conn, byID, failures)
			if err != nil {
				return nil, err
			}
			if ok {
				ce.held = h
			}
		}
		return rep, ce
	}
	rep.Duration = time.Since(start)
	if err := writeState(ctx, conn, next, rep); err != nil {
		return nil, fmt.Errorf("build marts._build: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}

// builder holds the fingerprints of one build.
type builder struct {
	conn     *sql.Conn
	fps      map[string]string            // input or model -> fingerprint
	sliceFPs map[string]map[string]string // sliced input or model -> slice key -> fingerprint
	sliceKey map[string]string            // sliced input or model -> its key columns, joined
	// sliced input or model -> the fingerprint of what its slices share (a
	// model's SQL and unsliced inputs): when that changed, so may its rows
	// outside every slice, and what reads it is rebuilt whole
	sliceOwn map[string]string
}

// lineageColumns say where a raw row came from and whether it is in force:
// a table with them is fingerprinted from them alone, a fifth of the time of
// hashing every column of millions of records.
var lineageColumns = []string{"_load_id", "_source_sheet", "_source_row", "_superseded_by"}

// rowHash is what fingerprintRaw sums over a raw table's rows: its lineage
// columns (the sheet where it has one), else the whole row.
func rowHash(cols map[string]bool) string {
	var have []string
	for _, c := range lineageColumns {
		if cols[c] {
			have = append(have, c)
		}
	}
	if !cols["_load_id"] || !cols["_source_row"] || !cols["_superseded_by"] {
		return "hash(_t)"
	}
	return "hash(" + strings.Join(have, ", ") + ")"
}

// fingerprintRaw fingerprints a raw table from its rows, per slice of key
// when key is set. The table and key names come from the embedded models.
func (b *builder) fingerprintRaw(ctx context.Context, table string, key []string, cols map[string]bool) error {
	own := cchc.Fingerprint(table, cchc.RawSchemaVersion())
	h := rowHash(cols)
	if len(key) == 0 {
		var n int64
		var sum sql.NullString
		if err := b.conn.QueryRowContext(ctx, `select count(*), cast(sum(`+h+`) as varchar) from `+table+` as _t`).Scan(&n, &sum); err != nil {
			return err
		}
		b.fps[table] = cchc.Fingerprint(own, fmt.Sprint(n), sum.String)
		return nil
	}
	var keys []string
	for _, k := range key {
		keys = append(keys, "cast("+k+" as varchar)")
	}
	rows, err := b.conn.QueryContext(ctx, `select `+strings.Join(keys, ", ")+`, count(*), cast(sum(`+h+`) as varchar) from `+table+` as _t group by all`)
	if err != nil {
		return err
	}
	defer rows.Close()
	per := map[string]string{}
	for rows.Next() {
		vals := make([]sql.NullString, len(key))
		var n int64
		var sum string
		dest := make([]any, 0, len(key)+2)
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		dest = append(dest, &n, &sum)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		per[sliceID(vals)] = cchc.Fingerprint(fmt.Sprint(n), sum)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	b.sliceFPs[table], b.sliceKey[table], b.sliceOwn[table] = per, strings.Join(key, ","), own
	b.fps[table] = cchc.Fingerprint(own, combine(per))
	return nil
}

// sliceID is a slice's key values as JSON (null for NULL).
func sliceID(vals []sql.NullString) string {
	out := make([]*string, len(vals))
	for i := range vals {
		if vals[i].Valid {
			out[i] = &vals[i].String
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// combine fingerprints a set of per-slice fingerprints, in key order.
func combine(per map[string]string) string {
	keys := make([]string, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		parts = append(parts, k, per[k])
	}
	return cchc.Fingerprint(parts...)
}

// fingerprintModel returns a model's own fingerprint (its SQL and its
// unsliced inputs) and, for a sliced model, one per slice (the own
// fingerprint and that slice of each sliced input).
func (b *builder) fingerprintModel(m Model) (string, map[string]string) {
	key := strings.Join(m.Slice, ",")
	ins := append(append([]string{}, m.Inputs...), m.Deps...)
	sort.Strings(ins)
	parts := []string{runnerVersion, m.SQL}
	var sliced []string
	for _, in := range ins {
		if key != "" && b.sliceKey[in] == key {
			sliced = append(sliced, in)
			parts = append(parts, in, b.sliceOwn[in])
			continue
		}
		parts = append(parts, in, b.fps[in])
	}
	parts = append(parts, "sliced:"+strings.Join(sliced, ","))
	own := cchc.Fingerprint(parts...)
	if key == "" {
		b.fps[m.ID()] = own
		return own, nil
	}
	per := map[string]string{}
	for _, in := range sliced {
		for s := range b.sliceFPs[in] {
			per[s] = ""
		}
	}
	for s := range per {
		p := []string{own}
		for _, in := range sliced {
			p = append(p, in, b.sliceFPs[in][s])
		}
		per[s] = cchc.Fingerprint(p...)
	}
	b.sliceFPs[m.ID()], b.sliceKey[m.ID()], b.sliceOwn[m.ID()] = per, key, own
	b.fps[m.ID()] = cchc.Fingerprint(own, combine(per))
	return own, per
}

// touchedSlices lists the slices whose fingerprint differs between two
// builds, or that only one of them has.
func touchedSlices(old, cur map[string]string) []string {
	var out []string
	for s, fp := range cur {
		if old[s] != fp {
			out = append(out, s)
		}
	}
	for s := range old {
		if _, ok := cur[s]; !ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// rebuildSlices deletes the touched slices of a sliced table and inserts
// them again from its SQL, each sliced input narrowed to those slices, and
// what the SQL gives narrowed to them too (it may read unsliced inputs whole).
// The slices' key values are text (their fingerprints'); a key column of
// another type (a year) is compared as text.
func (b *builder) rebuildSlices(ctx context.Context, m Model, touched []string) error {
	var keys [][]*string
	for _, s := range touched {
		var k []*string
		if err := json.Unmarshal([]byte(s), &k); err != nil {
			return err
		}
		keys = append(keys, k)
	}
	js, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	var sel, on, del, out []string
	for i, k := range m.Slice {
		sel = append(sel, fmt.Sprintf("_k[%d] as %s", i+1, k))
		on = append(on, fmt.Sprintf("cast(_i.%s as varchar) is not distinct from _s.%s", k, k))
		del = append(del, fmt.Sprintf("cast(%s.%s as varchar) is not distinct from _s.%s", m.ID(), k, k))
		out = append(out, fmt.Sprintf("cast(_o.%s as varchar) is not distinct from _s.%s", k, k))
	}
	// the key names are checked identifiers from the embedded models; the values are a parameter
	if _, err := b.conn.ExecContext(ctx, `create or replace temp table _cchc_slices as select `+strings.Join(sel, ", ")+
		` from (select unnest(from_json(?, '[["VARCHAR"]]')) as _k)`, string(js)); err != nil {
		return err
	}
	if _, err := b.conn.ExecContext(ctx, `delete from `+m.ID()+` using temp._cchc_slices as _s where `+strings.Join(del, " and ")); err != nil {
		return err
	}
	q := m.SQL
	key := strings.Join(m.Slice, ",")
	for _, in := range append(append([]string{}, m.Inputs...), m.Deps...) {
		if b.sliceKey[in] != key {
			continue
		}
		narrowed := "(select _i.* from " + in + " as _i semi join temp._cchc_slices as _s on " + strings.Join(on, " and ") + ")"
		q = regexp.MustCompile(`\b`+regexp.QuoteMeta(in)+`\b`).ReplaceAllLiteralString(q, narrowed)
	}
	if _, err := b.conn.ExecContext(ctx, "insert into "+m.ID()+" by name\nselect _o.* from (\n"+q+"\n) as _o semi join temp._cchc_slices as _s on "+strings.Join(out, " and ")); err != nil {
		return err
	}
	_, err = b.conn.ExecContext(ctx, `drop table temp._cchc_slices`)
	return err
}

func hasColumns(have map[string]bool, want []string) bool {
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return len(want) > 0
}

// catalog lists the relations that exist and the columns of raw tables.
func catalog(ctx context.Context, conn *sql.Conn) (map[string]bool, map[string]map[string]bool, error) {
	existing := map[string]bool{}
	rows, err := conn.QueryContext(ctx, `select table_schema || '.' || table_name from information_schema.tables
		where table_schema in ('raw', 'ref', 'staging', 'core', 'marts')`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		existing[id] = true
	}
	rows.Close()
	cols := map[string]map[string]bool{}
	rows, err = conn.QueryContext(ctx, `select 'raw.' || table_name, column_name from information_schema.columns where table_schema = 'raw'`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, nil, err
		}
		if cols[t] == nil {
			cols[t] = map[string]bool{}
		}
		cols[t][c] = true
	}
	return existing, cols, rows.Err()
}

func readState(ctx context.Context, conn *sql.Conn) (buildState, error) {
	st := buildState{own: map[string]string{}, slices: map[string]map[string]string{}}
	rows, err := conn.QueryContext(ctx, `select model, slice, fingerprint from marts._build_state`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var model, fp string
		var slice sql.NullString
		if err := rows.Scan(&model, &slice, &fp); err != nil {
			return st, err
		}
		if !slice.Valid {
			st.own[model] = fp
			continue
		}
		if st.slices[model] == nil {
			st.slices[model] = map[string]string{}
		}
		st.slices[model][slice.String] = fp
	}
	return st, rows.Err()
}

// writeState records the fingerprints of this build, what it did with each
// model and how long it took (marts._build_state, marts._build_models,
// marts._build).
func writeState(ctx context.Context, conn *sql.Conn, st buildState, rep *Report) error {
	var models, slices, fps []string
	var sliced []bool
	for id, fp := range st.own {
		models, slices, fps, sliced = append(models, id), append(slices, ""), append(fps, fp), append(sliced, false)
	}
	for id, per := range st.slices {
		for s, fp := range per {
			models, slices, fps, sliced = append(models, id), append(slices, s), append(fps, fp), append(sliced, true)
		}
	}
	if _, err := conn.ExecContext(ctx, `create or replace table marts._build_state as
		select model, case when is_slice then slice end as slice, fingerprint
		from (select unnest($1::varchar[]) as model, unnest($2::varchar[]) as slice, unnest($3::varchar[]) as fingerprint, unnest($4::boolean[]) as is_slice)
		order by model, slice nulls first`, models, slices, fps, sliced); err != nil {
		return err
	}
	var ids, actions []string
	var nslices, order []int32
	var nrows []int64
	var millis []float64
	for i, r := range rep.Runs {
		ids, actions, order = append(ids, r.ID), append(actions, r.Action), append(order, int32(i+1))
		nslices, nrows, millis = append(nslices, int32(r.Slices)), append(nrows, r.Rows), append(millis, float64(r.Duration.Microseconds())/1000)
	}
	if _, err := conn.ExecContext(ctx, `create or replace table marts._build_models as
		select build_order, model, action, slices, nullif(rows, -1) as rows, milliseconds
		from (select unnest($1::integer[]) as build_order, unnest($2::varchar[]) as model, unnest($3::varchar[]) as action,
		  unnest($4::integer[]) as slices, unnest($5::bigint[]) as rows, unnest($6::double[]) as milliseconds)
		order by build_order`, order, ids, actions, nslices, nrows, millis); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, `create or replace table marts._build as
		select current_timestamp as built_at,
		  (select coalesce(max(load_id), 0) from raw._loads where status = 'loaded') as last_load_id,
		  $1 as full_build, $2 as models_rebuilt, $3 as milliseconds`,
		rep.Full, rep.Rebuilt(), float64(rep.Duration.Microseconds())/1000)
	return err
}
