package cchc

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
)

// The natural keys of the raw tables, as raw.sql declares them: a
// "-- key: a, b" line before a table's create statement, and a
// "-- conflicts: ..." line when the disagreements on that table are not
// listed by raw._row_conflicts (the index scores have their own view, with
// rounding; a dossier exported again is its later state).
var rawKeys, rawOwnConflicts = parseRawContract(rawSchemaSQL)

func parseRawContract(ddl string) (keys map[string][]string, own map[string]bool) {
	keys, own = map[string][]string{}, map[string]bool{}
	var key []string
	conflicts := false
	for _, line := range strings.Split(ddl, "\n") {
		switch {
		case strings.HasPrefix(line, "-- key:"):
			key = nil
			for _, c := range strings.Split(strings.TrimPrefix(line, "-- key:"), ",") {
				key = append(key, strings.TrimSpace(c))
			}
		case strings.HasPrefix(line, "-- conflicts:"):
			conflicts = true
		case strings.HasPrefix(line, "create table if not exists raw."):
			if key != nil {
				table, _, _ := strings.Cut(strings.TrimPrefix(line, "create table if not exists raw."), " ")
				keys[table], own[table] = key, conflicts
			}
			key, conflicts = nil, false
		}
	}
	return keys, own
}

// RawKeys returns the natural key of every raw table that has one: the
// columns that key one of its rows, what a row states.
func RawKeys() map[string][]string {
	out := make(map[string][]string, len(rawKeys))
	for t, k := range rawKeys {
		out[t] = slices.Clone(k)
	}
	return out
}

// KeyJoin is the join of two aliases of a raw table on its natural key
// (NULL equal to NULL; dossier ids are never NULL, a plain hash join).
// Table and column names are constants of raw.sql.
func KeyJoin(table, a, b string) string {
	var on []string
	for _, k := range rawKeys[table] {
		if table == "dossier_records" {
			on = append(on, a+"."+k+" = "+b+"."+k)
			continue
		}
		on = append(on, a+"."+k+" is not distinct from "+b+"."+k)
	}
	return strings.Join(on, " and ")
}

// RowConflictTables are the raw tables raw._row_conflicts covers, in order.
func RowConflictTables() []string {
	var out []string
	for _, t := range slices.Sorted(maps.Keys(rawKeys)) {
		if !rawOwnConflicts[t] {
			out = append(out, t)
		}
	}
	return out
}

// valueColumns are the columns of a raw table two statements of a key can
// disagree on: all but the natural key, the lineage (_...) and the text as
// typed (*_input: "37.000" and "37000" are one count).
func valueColumns(table string, columns []string) []string {
	var out []string
	for _, c := range columns {
		if strings.HasPrefix(c, "_") || strings.HasSuffix(c, "_input") || slices.Contains(rawKeys[table], c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// rowConflictsSQL is the statement that makes raw._row_conflicts: for every table of
// RowConflictTables, the row in force for a key against each superseded
// row of that key whose values differ, with what differs
// ("trainees: 25 → 28"), and the load, file, sheet and row of each.
func rowConflictsSQL(ctx context.Context, db *sql.DB) (string, error) {
	// every raw table's columns, in one query (every command runs this)
	rows, err := db.QueryContext(ctx, `select table_name, column_name from information_schema.columns
		where table_schema = 'raw' order by table_name, ordinal_position`)
	if err != nil {
		return "", err
	}
	columns := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return "", err
		}
		columns[t] = append(columns[t], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	var parts []string
	for _, table := range RowConflictTables() {
		cols := columns[table]
		var key, diff, differs []string
		for _, c := range rawKeys[table] {
			key = append(key, `'`+c+`=' || coalesce(cast(k.`+c+` as varchar), '∅')`)
		}
		for _, c := range valueColumns(table, cols) {
			diff = append(diff, `case when k.`+c+` is distinct from o.`+c+` then '`+c+`: ' || coalesce(cast(o.`+c+` as varchar), '∅') || ' → ' || coalesce(cast(k.`+c+` as varchar), '∅') end`)
			differs = append(differs, `k.`+c+` is distinct from o.`+c)
		}
		parts = append(parts, `select '`+table+`' as table_name, concat_ws(' ', `+strings.Join(key, ", ")+`) as row_key,
  concat_ws('; ', `+strings.Join(diff, ", ")+`) as difference,
  k._load_id as kept_load_id, k._source_file as kept_file, k._source_sheet as kept_sheet, k._source_row as kept_row,
  o._load_id as other_load_id, o._source_file as other_file, o._source_sheet as other_sheet, o._source_row as other_row
from raw.`+table+` as k join raw.`+table+` as o on `+KeyJoin(table, "o", "k")+`
where k._superseded_by is null and o._superseded_by is not null and (`+strings.Join(differs, " or ")+`)`)
	}
	return "create or replace view raw._row_conflicts as\n" + strings.Join(parts, "\nunion all\n"), nil
}
