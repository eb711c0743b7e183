package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"cchc"
)

// Disagreements between sources on the rows of the tables other than the
// index scores (which have raw._score_conflicts, with their rounding):
// raw._row_conflicts lists, for every raw table whose kind can disagree
// (inputKind.updates false), the row in force for a key against each
// superseded row of that key whose values differ. The values are the
// table's columns other than its natural key, its lineage (_...) and the
// text as typed (*_input): "37.000" and "37000" are one count.

// EnsureSchema creates the raw schema and tables if they do not exist, and
// the view of the disagreements between sources.
func EnsureSchema(ctx context.Context, db *sql.DB) error {
	if err := cchc.EnsureRawSchema(ctx, db); err != nil {
		return err
	}
	q, err := rowConflictsView(ctx, db)
	if err != nil {
		return fmt.Errorf("create raw._row_conflicts: %w", err)
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("create raw._row_conflicts: %w", err)
	}
	return nil
}

// conflictTables are the raw tables raw._row_conflicts covers, in order.
func conflictTables() []string {
	var out []string
	for _, k := range inputKinds {
		if k.table != "index_scores" && !k.updates && !slices.Contains(out, k.table) {
			out = append(out, k.table)
		}
	}
	return out
}

// valueColumns are the columns of a raw table two statements of a key can
// disagree on.
func valueColumns(table string, columns []string) []string {
	var out []string
	for _, c := range columns {
		if strings.HasPrefix(c, "_") || strings.HasSuffix(c, "_input") || slices.Contains(NaturalKey[table], c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// rowConflictsView is the DDL of raw._row_conflicts, from the registry's
// natural keys and the tables' columns in the catalog. Table and column
// names are constants of this package and of raw.sql.
func rowConflictsView(ctx context.Context, db *sql.DB) (string, error) {
	var parts []string
	for _, table := range conflictTables() {
		rows, err := db.QueryContext(ctx, `select column_name from information_schema.columns
			where table_schema = 'raw' and table_name = ? order by ordinal_position`, table)
		if err != nil {
			return "", err
		}
		var cols []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return "", err
			}
			cols = append(cols, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		var key, diff, differs []string
		for _, c := range NaturalKey[table] {
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
from raw.`+table+` as k join raw.`+table+` as o on `+keyOn(table, "o", "k")+`
where k._superseded_by is null and o._superseded_by is not null and (`+strings.Join(differs, " or ")+`)`)
	}
	return "create or replace view raw._row_conflicts as\n" + strings.Join(parts, "\nunion all\n"), nil
}
