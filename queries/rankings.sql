-- name: RankProvinces :many
-- Ranking of one index component in one year on one map, best first; ties
-- share a rank and names break ties in Vietnamese collation. The change on
-- the year before (computed here, since it depends on the map and weights
-- asked for) is taken for the same weights, on the same map, or
-- across the 2025 break for a unit the merger left whole ($7: the map of
-- the year before, 63 for 2024 on the default maps); a rank change
-- only between rankings of the same size, else the percentile change.
with cur as (
    select * from marts.mart_index_rankings
    where index_id = $1 and component_code = $2 and year = $3 and unit_set = $4
      and weight_scheme in ('reported', $6)
),

prev as (
    select province_code, unit_set, rank, n_ranked, percentile
    from marts.mart_index_rankings
    where index_id = $1 and component_code = $2 and year = $3 - 1 and unit_set = $7
      and weight_scheme in ('reported', $6)
),

-- units of the 34-unit map that are one former province, whole
whole as (
    select province_code, true as is_whole from marts.mart_provinces
    where unit_set = '34' and constituent_codes = province_code
)

select
    c.rank, c.n_ranked, c.province_code, c.province_name, c.province_name_en, c.score, c.value_type,
    c.official_rank, c.rank_disagrees, c.percentile, p.rank as prev_rank,
    case when p.n_ranked = c.n_ranked and p.unit_set = c.unit_set then p.rank - c.rank end as rank_change,
    round(c.percentile - p.percentile, 1) as percentile_change,
    c.gap_to_leader, c.gap_to_median, c.group_code, c.group_vi, c.group_en, c.group_official, c.illustrative,
    c.component_name_vi, c.component_name_en, c.weight_scheme, c.estimated, coalesce(c.constituents, '') as constituents,
    c.ci_lower, c.ci_upper, c.std_error
from cur as c
left join whole as w on w.province_code = c.province_code
left join prev as p
    on p.province_code = c.province_code
    and (p.unit_set = c.unit_set or (p.unit_set = '63' and c.unit_set = '34' and w.is_whole))
order by c.rank, c.province_name collate vi, c.province_code
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

-- name: PopulationWeighted :one
-- Whether a loaded population table weights every 34-unit estimate that
-- equal weights make (a partial table would drop units from rankings).
select count(*) > 0 and count(*) = (select count(*) from marts.mart_unit_scores where weight_scheme = 'equal')
from marts.mart_unit_scores where weight_scheme = 'population';
