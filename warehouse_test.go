package cchc

import (
	"context"
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
