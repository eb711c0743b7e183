package cchc

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A warehouse made when dossier records were kept as text is typed once,
// with the meanings its loads recorded in raw.dossier_values.
func TestEnsureRawSchemaTypesTextDossierRecords(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "old.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`create schema raw`,
		`create table raw.dossier_records (dossier_id varchar, province varchar, agency varchar, level varchar, procedure_code varchar,
			field varchar, channel varchar, received_date varchar, due_date varchar, resolved_date varchar,
			status varchar, _source_file varchar, _source_row bigint, _load_id bigint)`,
		`create table raw.dossier_values (load_id bigint, column_name varchar, input varchar, year integer, value varchar, unit_set varchar)`,
		`insert into raw.dossier_records values ('HS1', 'Quảng Ninh', 'Sở Tư pháp', 'Cấp tỉnh', '1.001230', 'Tư pháp', 'Trực tiếp', '01/03/2023', '2023-03-10', null, 'Đang xử lý', 'a.csv', 2, 7)`,
		`insert into raw.dossier_values values (7, 'province', 'Quảng Ninh', 2023, '22', '63'), (7, 'level', 'Cấp tỉnh', null, 'province', null),
			(7, 'channel', 'Trực tiếp', null, 'direct', null), (7, 'status', 'Đang xử lý', null, 'pending', null),
			(7, 'agency', 'Sở Tư pháp', null, 'Sở Tư pháp', null), (7, 'field', 'Tư pháp', null, 'Tư pháp', null)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.QueryRowContext(ctx, `select concat_ws('|', dossier_id, province_code, unit_set, agency, level, procedure_code, field, channel,
		received_date, due_date, coalesce(cast(resolved_date as varchar), '∅'), status, _source_file, _source_row, _load_id, typeof(received_date))
		from raw.dossier_records`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "HS1|22|63|Sở Tư pháp|province|1.001230|Tư pháp|direct|2023-03-01|2023-03-10|∅|pending|a.csv|2|7|DATE"; got != want {
		t.Errorf("typed row\n got %s\nwant %s", got, want)
	}
	if err := EnsureRawSchema(ctx, db); err != nil { // a second time changes nothing
		t.Fatal(err)
	}
}

// Every command calls EnsureRawSchema: on a warehouse that records this
// schema it writes nothing (no write-ahead log after a checkpoint); one whose
// record differs (made by another cchc) gets the DDL again, its missing
// columns and raw._row_conflicts back.
func TestEnsureRawSchemaWritesNothingWhenCurrent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	walSize := func() int64 {
		st, err := os.Stat(path + ".wal")
		if errors.Is(err, os.ErrNotExist) {
			return 0
		}
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	if _, err := db.ExecContext(ctx, `checkpoint`); err != nil {
		t.Fatal(err)
	}
	before := walSize()
	if err := EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	if after := walSize(); after != before {
		t.Errorf("EnsureRawSchema on a current warehouse wrote %d bytes of log", after-before)
	}
	// the control: a statement that writes does grow the log
	if _, err := db.ExecContext(ctx, `create or replace view raw._probe as select 1`); err != nil {
		t.Fatal(err)
	}
	if walSize() == before {
		t.Fatal("the log did not grow on a write: the check above cannot fail")
	}
	// another cchc's schema: the column it lacked and the view come back
	for _, q := range []string{
		`update raw._schema_version set version = 'older'`,
		`drop view raw._row_conflicts`,
		`alter table raw.index_scores drop column official_group`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `select (select count(*) from information_schema.columns where table_schema = 'raw' and table_name = 'index_scores' and column_name = 'official_group')
		+ (select count(*) from information_schema.tables where table_schema = 'raw' and table_name = '_row_conflicts')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := db.QueryRowContext(ctx, `select version from raw._schema_version`).Scan(&v); err != nil || v == "older" || n != 2 {
		t.Errorf("after EnsureRawSchema on an older schema: %d of the column and the view, version %q (%v)", n, v, err)
	}
}
