-- name: RankSeries :many
-- Ranks of one index component over a range of years, for every unit or for
-- chosen ones, with the change on the year before: the one query behind
-- `rank` (one year) and `compare` (several). The map of each year is $5
-- ('63' or '34') or, when $5 is '', the map in force ($11: the first year on
-- the 34-unit map). The change on the year before is taken for the same
-- weights on the map the series uses that year: the same unit on the same
-- map, or across the merger for a unit it left whole (one former province,
-- same code); a rank change only between rankings of the same size on the
-- same map, else the percentile change. $7 and $8 list the unit codes wanted
-- on the 63- and 34-unit maps ('' with $9 = false for every unit); $10 limits
-- the rows (best first within a year); chosen units come by name. Breaks of method after $3 and up to
-- the row's year are listed in after_break.
with series_map as (
    select distinct year, case when $5 <> '' then $5 when year >= $11 then '34' else '63' end as unit_set
    from marts.mart_index_rankings
    where index_id = $1 and component_code = $2 and year between $3 - 1 and $4
),

ranked as (
    select r.*
    from marts.mart_index_rankings as r
    join series_map as m on m.year = r.year and m.unit_set = r.unit_set
    where r.index_id = $1 and r.component_code = $2 and r.weight_scheme in ('reported', $6)
),

-- units of the 34-unit map that the merger left whole (one former province, same code)
whole as (
    select province_code from marts.mart_provinces
    where unit_set = '34' and left_whole
),

breaks as (
    select year from marts.mart_methodology_breaks
    where index_id = $1 and (component_code is null or component_code = $2) and year > $3 and year <= $4
),

cur as (
    select * from ranked
    where year between $3 and $4
      and (not $9
        or (unit_set = '63' and list_contains(string_split($7, ','), province_code))
        or (unit_set = '34' and list_contains(string_split($8, ','), province_code)))
),

final as (
    select
        c.rank,
        c.n_ranked,
        c.rank || '/' || c.n_ranked as rank_of,
        c.province_code,
        c.province_name,
        c.province_name_en,
        c.score,
        c.value_type <> 'reported' as derived,
        c.value_type,
        c.official_rank,
        c.rank_disagrees,
        case when p.n_ranked = c.n_ranked and p.unit_set = c.unit_set then p.rank - c.rank end as rank_change,
        c.percentile,
        round(c.percentile - p.percentile, 1) as percentile_change,
        c.gap_to_leader,
        c.gap_to_median,
        c.group_code,
        c.group_vi,
        c.group_en,
        c.group_official,
        c.index_id,
        c.component_code,
        c.component_name_vi,
        c.component_name_en,
        c.year,
        c.unit_set,
        c.ci_lower,
        c.ci_upper,
        c.std_error,
        c.estimated,
        c.weight_scheme,
        c.constituents,
        c.unit_set = '34' and c.n_constituents > 1 and not c.estimated as resummed,
        coalesce((select list(b.year order by b.year) from breaks as b where b.year <= c.year), []) as after_break,
        c.illustrative,
        row_number() over (partition by c.year order by c.rank, c.province_name collate vi, c.province_code) as pos
    from cur as c
    left join whole as w on w.province_code = c.province_code
    left join ranked as p
        on p.year = c.year - 1
        and p.province_code = c.province_code
        and (p.unit_set = c.unit_set or (p.unit_set = '63' and c.unit_set = '34' and w.province_code is not null))
)

select * exclude (pos) from final
where pos <= $10
-- every unit: best first; chosen units: by name, the order a reader looks them up in
order by year, unit_set, case when $9 then null else rank end, province_name collate vi, province_code;

-- name: RankYears :many
-- The years and maps for which an index component has scores (reported or estimated).
select distinct year, unit_set
from marts.mart_index_rankings
where index_id = $1 and component_code = $2
order by year, unit_set;

-- name: MethodologyBreaks :many
-- Breaks in an index's method that fall inside (from, to].
select index_id, year, coalesce(component_code, '') as component_code, action, note_vi, note_en
from marts.mart_methodology_breaks
where index_id = $1 and year > $2 and year <= $3
  and (component_code is null or component_code = $4)
order by year;

-- name: MartsBuilt :one
-- Whether the build's own table exists (the marts were built at least once).
select count(*) > 0 from information_schema.tables where table_schema = 'marts' and table_name = '_build';

-- name: BuildInfo :one
-- When the marts were last built and the last load they include.
select cast(built_at as varchar) as built_at, last_load_id from marts._build;

-- name: ListProvinces :many
-- The provincial units of one map (or both when $1 is empty), by code.
select unit_set, province_code, name_vi, name_vi_official, name_en, coalesce(region, '') as region,
    cast(valid_from as varchar) as valid_from, coalesce(cast(valid_to as varchar), '') as valid_to,
    coalesce(successor_code, '') as successor_code, coalesce(constituent_codes, '') as constituent_codes,
    coalesce(constituent_names, '') as constituent_names, left_whole
from marts.mart_provinces
where $1 = '' or unit_set = $1
order by unit_set desc, province_code;

-- name: PopulationWeighted :one
-- Whether a loaded population table weights every 34-unit estimate that
-- equal weights make (a partial table would drop units from rankings).
select count(*) > 0 and count(*) = (select count(*) from marts.mart_unit_scores where weight_scheme = 'equal')
from marts.mart_unit_scores where weight_scheme = 'population';

-- name: SourceConflicts :one
-- How many disagreements between sources on a score the marts list, and how
-- many of them --prefer settled (the rest keep the later load's value).
select count(*), count(*) filter (where settled_by <> 'later') from marts.mart_source_conflicts;

-- name: HeldOutChecks :many
-- The failing checks that held index $1, year $2 out of the marts in the last build.
select distinct check_name from marts.mart_check_failures where index_id = $1 and year = $2 order by 1;
