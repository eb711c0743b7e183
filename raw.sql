-- The raw schema: the contract between ingest (which writes it) and the
-- models (which read it through staging). One file, embedded into the root
-- package, so that ingest, the models and their tests create the same tables.
-- "-- key:" before a table declares its natural key (cchc.RawKeys): what one
-- row states. raw._row_conflicts (made from those keys, cchc.EnsureRawSchema)
-- lists the disagreements between sources on every keyed table but those
-- whose "-- conflicts:" line says otherwise.
create schema if not exists raw;
create sequence if not exists raw.load_seq start 1;
create table if not exists raw._loads (
  load_id bigint primary key, file varchar, file_name varchar, sha256 varchar, kind varchar,
  rows bigint, rejected bigint, status varchar, error varchar, slices varchar,
  illustrative boolean, loaded_at timestamp default current_timestamp);
-- how a load met the loads before it: --prefer (official or a file name) settles a
-- disagreement on a key in favour of the earlier load; --replace dropped the keys of its
-- slices it did not restate (how many in dropped)
alter table raw._loads add column if not exists prefer varchar;
alter table raw._loads add column if not exists replaced boolean;
alter table raw._loads add column if not exists dropped bigint;
create table if not exists raw._rejects (
  load_id bigint, file varchar, sheet varchar, row_number integer, column_name varchar,
  value varchar, reason varchar);
-- key: unit_set, province_code, year
create table if not exists raw.population (
  province_code varchar, unit_set varchar, province_input varchar, year varchar, population varchar,
  population_input varchar, _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
-- key: unit_set, province_code, year, index_id, component
-- conflicts: raw._score_conflicts (equal within the coarser rounding is no disagreement)
create table if not exists raw.index_scores (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  index_id varchar, component varchar, component_input varchar, score varchar,
  score_input varchar, rank varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint,
  ci_lower varchar, ci_upper varchar, std_error varchar, official_group varchar);
-- warehouses made before the confidence bounds were kept
alter table raw.index_scores add column if not exists ci_lower varchar;
alter table raw.index_scores add column if not exists ci_upper varchar;
alter table raw.index_scores add column if not exists std_error varchar;
alter table raw.index_scores add column if not exists official_group varchar;

-- training classes, rosters and staffing
-- key: unit_set, province_code, province_source, class_id
create table if not exists raw.training_classes (
  province_code varchar, unit_set varchar, province_input varchar, year varchar, class_id varchar,
  organiser varchar, level varchar, level_input varchar, start_date varchar, start_input varchar,
  end_date varchar, end_input varchar, topic varchar, topic_mapped boolean, topic_input varchar,
  format varchar, format_input varchar, trainees varchar, trainees_female varchar,
  target_group varchar, target_input varchar, planned_trainees varchar, cost varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint,
  province_source varchar);
-- key: class_id, trainee_id
create table if not exists raw.training_roster (
  class_id varchar, trainee_id varchar, agency varchar, gender varchar, gender_input varchar, position varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
-- key: unit_set, province_code, year
create table if not exists raw.staffing (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  civil_servants varchar, public_employees varchar, commune_officials varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);

-- dossier statistics and satisfaction tallies: every value is kept as text, staging types it
-- key: unit_set, province_code, year, period_type, period_no, level, field
create table if not exists raw.dossier_stats (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  period_type varchar, period_no varchar, level varchar, level_input varchar, field varchar,
  received_total varchar, received_online varchar, received_online_partial varchar,
  received_online_full varchar, received_direct varchar, received_postal varchar, carried_over varchar,
  resolved_total varchar, resolved_early varchar, resolved_on_time varchar, resolved_late varchar,
  pending_total varchar, pending_in_time varchar, pending_overdue varchar, returned varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
-- key: unit_set, province_code, year, period_type, period_no, level
create table if not exists raw.satisfaction (
  province_code varchar, unit_set varchar, province_input varchar, year varchar,
  period_type varchar, period_no varchar, level varchar, measure varchar, forms varchar,
  very_satisfied varchar, satisfied varchar, neutral varchar, dissatisfied varchar,
  _source_file varchar, _source_sheet varchar, _source_row integer, _load_id bigint);
-- dossier records (millions of rows): validated in Go at the door and stored typed, so that a
-- build does not re-parse them: dates as DATE, the province resolved to its code on its map,
-- level, channel and status as their canonical codes (NULL when the cell was empty), agency
-- and field NFC text, the procedure code as text (1.001230 is not a number). What each
-- distinct input meant is in raw.dossier_values; a rejected row keeps its source text in
-- raw.dossier_records_rejected. The text columns name the compression DuckDB chooses for them
-- anyway (FSST for the ids, each one different; a dictionary for the others, few distinct
-- values): it then stores each row group without first trying every method on it, a fifth
-- of a large load's time (a warehouse made before keeps its table as it was, and DuckDB's
-- choice).
-- key: dossier_id
-- conflicts: none (an id exported again is the dossier's later state, not a second source)
create table if not exists raw.dossier_records (
  dossier_id varchar using compression fsst, province_code varchar using compression dictionary,
  unit_set varchar using compression dictionary, agency varchar using compression dictionary,
  level varchar using compression dictionary, procedure_code varchar using compression dictionary,
  field varchar using compression dictionary, channel varchar using compression dictionary,
  received_date date, due_date date, resolved_date date, status varchar using compression dictionary,
  _source_file varchar using compression dictionary, _source_row bigint, _load_id bigint);
-- the rejected rows of a records load made with --allow-rejects, as they were in the file,
-- with the first bad column and why (reason: empty, duplicate, date, due_before_received,
-- resolved_before_received, district_after_merger, value)
create table if not exists raw.dossier_records_rejected (
  dossier_id varchar, province varchar, agency varchar, level varchar, procedure_code varchar,
  field varchar, channel varchar, received_date varchar, due_date varchar, resolved_date varchar,
  status varchar, _source_file varchar, _source_sheet varchar, _source_row bigint, _load_id bigint,
  column_name varchar, reason varchar);
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

-- Every raw row has a natural key (its table's "-- key:"); a newer load that states a key again
-- supersedes the row in force for it: the earlier row stays, with the id of the load that
-- superseded it, so that 'cchc unload' can restore it. Staging reads the rows in force only
-- (_superseded_by is null). Added last, so that older warehouses gain it in the same place.
alter table raw.index_scores add column if not exists _superseded_by bigint;
alter table raw.population add column if not exists _superseded_by bigint;
alter table raw.training_classes add column if not exists _superseded_by bigint;
alter table raw.training_roster add column if not exists _superseded_by bigint;
alter table raw.staffing add column if not exists _superseded_by bigint;
alter table raw.dossier_stats add column if not exists _superseded_by bigint;
alter table raw.satisfaction add column if not exists _superseded_by bigint;
alter table raw.dossier_records add column if not exists _superseded_by bigint;

-- how many decimals a score was stated with: its input as typed (5.10 has two) when that is a
-- plain number, else the stored value's shortest form
create or replace macro raw.score_decimals(input, score) as case
  when regexp_full_match(trim(coalesce(input, '')), '-?[0-9]+([.,][0-9]+)?')
    then coalesce(length(regexp_extract(trim(input), '[.,]([0-9]+)$', 1)), 0)
  when contains(score, 'e') or contains(score, 'E') then 15
  when contains(score, '.') then length(score) - strpos(score, '.')
  else 0
end;
-- two statements of one score agree when they are equal within the rounding of the coarser
-- (5.05 stated to 2 decimals and 5.054007 to 6 agree; 5.05 and 5.07 do not)
create or replace macro raw.scores_agree(a, da, b, db) as
  abs(try_cast(a as double) - try_cast(b as double)) <= 0.5 * pow(10, -least(da, db)) + 1e-9;

-- every disagreement between sources on a score: the row in force for a key against each
-- superseded row of the same key whose value differs beyond the coarser one's rounding
create or replace view raw._score_conflicts as
select k.index_id, k.year, k.unit_set, k.province_code, k.component,
  k.score as kept_score, o.score as other_score,
  k._load_id as kept_load_id, k._source_file as kept_file, k._source_sheet as kept_sheet, k._source_row as kept_row,
  o._load_id as other_load_id, o._source_file as other_file, o._source_sheet as other_sheet, o._source_row as other_row
from raw.index_scores as k
join raw.index_scores as o on o.unit_set is not distinct from k.unit_set and o.province_code is not distinct from k.province_code
  and o.year = k.year and o.index_id = k.index_id and o.component = k.component
where k._superseded_by is null and o._superseded_by is not null
  and not coalesce(raw.scores_agree(k.score, raw.score_decimals(k.score_input, k.score), o.score, raw.score_decimals(o.score_input, o.score)), false);
