package models

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cchc/data"
)

// dossierRawSQL creates the raw dossier tables as ingest does (a copy: models
// never imports ingest; the e2e tests in cmd/cchc run both together).
const dossierRawSQL = `
create table if not exists raw.dossier_stats (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  period_type varchar, period_no varchar, level varchar, level_input varchar, field varchar,
  received_total varchar, received_online varchar, received_online_partial varchar,
  received_online_full varchar, received_direct varchar, received_postal varchar, carried_over varchar,
  resolved_total varchar, resolved_early varchar, resolved_on_time varchar, resolved_late varchar,
  pending_total varchar, pending_in_time varchar, pending_overdue varchar, returned varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
create table if not exists raw.satisfaction (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  period_type varchar, period_no varchar, level varchar, measure varchar, forms varchar,
  very_satisfied varchar, satisfied varchar, neutral varchar, dissatisfied varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
create table if not exists raw.dossier_records (
  dossier_id varchar, province varchar, agency varchar, level varchar, procedure_code varchar,
  field varchar, channel varchar, received_date varchar, due_date varchar, resolved_date varchar,
  status varchar, _source_file varchar, _source_row bigint, _load_id bigint);
-- what the distinct values of a records load mean: province (per year), channel, status, level
create table if not exists raw.dossier_values (
  load_id bigint, column_name varchar, input varchar, year integer, value varchar, unit_set varchar);
-- a date is yyyy-mm-dd or dd/mm/yyyy (one-digit day and month allowed), nothing looser:
-- a plain cast would read 05/01/23 as the year 5 and take 2023/01/05 or a time of day
create or replace macro raw.dossier_date(x) as case
  when strlen(x) not between 8 and 10 or substr(x, 1, 1) not between '0' and '9' or substr(x, -1, 1) not between '0' and '9' then null
  when substr(x, 5, 1) = '-' then try_cast(try_strptime(x, '%Y-%m-%d') as date)
  when substr(x, -5, 1) = '/' then try_cast(try_strptime(x, '%d/%m/%Y') as date)
end;
`

func TestDossierFigureOnAMapNotInForceFailsTheBuild(t *testing.T) {
	db := warehouseWith(t, nil)
	// the 34-unit map did not exist in 2020
	if _, err := db.Exec(`insert into raw.dossier_stats (province_code, unit_set, province_input, year, period_type, period_no, level, field, received_total, _source_file, _source_row, _load_id)
		values ('25', '34', 'Phú Thọ', '2020', 'year', '0', 'all', '', '100', 'f.csv', 2, 1)`); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), db, data.MustLoad())
	var ce *CheckError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "chk_dossier_unit_valid") {
		t.Fatalf("build: %v, want chk_dossier_unit_valid to fail", err)
	}
}
