-- name: RankProvinces :many
-- Ranking of one index component in one year on one map, best first; ties
-- share a rank and names break ties in Vietnamese collation.
select
    rank, n_ranked, province_code, province_name, province_name_en, score, value_type,
    official_rank, rank_disagrees, percentile, prev_rank, rank_change, percentile_change,
    gap_to_leader, gap_to_median, group_code, group_vi, group_en, group_official, illustrative,
    component_name_vi, component_name_en, weight_scheme, estimated, coalesce(constituents, '') as constituents,
    ci_lower, ci_upper, std_error
from marts.mart_index_rankings
where index_id = $1 and component_code = $2 and year = $3 and unit_set = $4
  and weight_scheme in ('reported', $6)
order by rank, province_name collate vi, province_code
limit $5;

-- name: RankYears :many
-- The years and maps for which an index component has scores (reported or estimated).
select distinct year, unit_set
from marts.mart_index_rankings
where index_id = $1 and component_code = $2
order by year, unit_set;

-- name: CompareProvinces :many
-- Scores and ranks of some provinces side by side, one row per province and year.
select
    year, unit_set, province_code, province_name, score, value_type, rank, n_ranked,
    official_rank, percentile, group_vi, group_en, illustrative, weight_scheme, estimated,
    coalesce(constituents, '') as constituents
from marts.mart_index_rankings
where index_id = $1 and component_code = $2 and year between $3 and $4
  and list_contains(string_split($5, ','), province_code)
  and weight_scheme in ('reported', $6)
order by year, unit_set, province_name collate vi;

-- name: MethodologyBreaks :many
-- Breaks in an index's method that fall inside (from, to].
select index_id, year, coalesce(component_code, '') as component_code, action, note_vi, note_en
from marts.mart_methodology_breaks
where index_id = $1 and year > $2 and year <= $3
  and (component_code is null or component_code = $4)
order by year;

-- name: BuildInfo :one
-- When the marts were last built and the last load they include.
select cast(built_at as varchar) as built_at, last_load_id from marts._build;

-- name: ListProvinces :many
-- The provincial units of one map (or both when $1 is empty), by code.
select unit_set, province_code, name_vi, name_vi_official, name_en, coalesce(region, '') as region,
    cast(valid_from as varchar) as valid_from, coalesce(cast(valid_to as varchar), '') as valid_to,
    coalesce(successor_code, '') as successor_code, coalesce(constituent_codes, '') as constituent_codes,
    coalesce(constituent_names, '') as constituent_names
from marts.mart_provinces
where $1 = '' or unit_set = $1
order by unit_set desc, province_code;
