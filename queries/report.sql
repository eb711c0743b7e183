-- name: ReportIndices :many
-- The published indices with an overall score in year $1 on map $2 (34-unit
-- estimates with weights $3): how many units are ranked out of how many on
-- the map, which units are missing (by name), whether the year before has a
-- ranking and the methodology break between them, and whether the index is
-- the sum of its parts (PAPI) or published as a total (PCI, PAR, SIPAS).
with cur as (
    select index_id, count(*) as n_ranked, bool_or(estimated) as estimated, bool_or(illustrative) as illustrative,
        count(ci_lower) > 0 as has_ci, bool_or(official_rank is not null) as has_official_rank
    from marts.mart_index_rankings
    where year = $1 and unit_set = $2 and component_code = 'TOTAL' and weight_scheme in ('reported', $3)
    group by index_id
),

prev as (
    select index_id, count(*) as n_ranked
    from marts.mart_index_rankings
    where year = $1 - 1 and unit_set = $2 and component_code = 'TOTAL' and weight_scheme in ('reported', $3)
    group by index_id
),

units as (
    select province_code, name_vi, name_en
    from marts.mart_provinces
    where unit_set = $2
      and ($2 = '34' or (year(valid_from) <= $1 and (valid_to is null or year(valid_to) >= $1)))
),

missing as (
    select c.index_id,
        count(u.province_code) as n_missing,
        coalesce(string_agg(u.name_vi, ', ' order by u.name_vi collate vi), '') as missing_vi,
        coalesce(string_agg(u.name_en, ', ' order by u.name_vi collate vi), '') as missing_en
    from cur as c
    cross join units as u
    where not exists (
        select 1 from marts.mart_index_rankings as r
        where r.index_id = c.index_id and r.year = $1 and r.unit_set = $2 and r.component_code = 'TOTAL'
          and r.province_code = u.province_code
    )
    group by c.index_id
),

brk as (
    select index_id, max(action) as action,
        string_agg(note_vi, ' ' order by year) as note_vi, string_agg(note_en, ' ' order by year) as note_en
    from marts.mart_methodology_breaks
    where year = $1 and component_code is null
    group by index_id
)

select
    c.index_id, m.index_name_vi, m.index_name_en, m.unit, m.scale_min, m.scale_max, m.direction,
    c.n_ranked, (select count(*) from units) as n_units,
    coalesce(x.n_missing, 0) as n_missing, coalesce(x.missing_vi, '') as missing_vi, coalesce(x.missing_en, '') as missing_en,
    c.estimated, c.illustrative, c.has_ci, c.has_official_rank,
    coalesce(p.n_ranked, 0) as prev_n_ranked,
    coalesce(b.action, '') as break_action, coalesce(b.note_vi, '') as break_note_vi, coalesce(b.note_en, '') as break_note_en,
    m.total_rule, m.owner_vi, m.owner_en
from cur as c
join marts.mart_measures as m on m.index_id = c.index_id and m.component_code = 'TOTAL'
left join prev as p on p.index_id = c.index_id
left join missing as x on x.index_id = c.index_id
left join brk as b on b.index_id = c.index_id
where m.family = 'index'
order by m.index_ord, c.index_id;

-- name: ReportRanking :many
-- One index component ($2) in year $3 on map $4 (estimates with weights $5)
-- for every unit, best first, with what a report may say about it: the
-- change on the year before only where it is comparable (a rank change only
-- between rankings of the same size on the same map and with no methodology
-- break between the two years, else the percentile change; a score change
-- only where no break refuses it), whether the change lies inside the two
-- years' 95% confidence intervals, whether the unit's interval overlaps the
-- next-ranked unit's, and the unit's region.
with r as (
    select * from marts.mart_index_rankings
    where index_id = $1 and component_code = $2 and year in ($3, $3 - 1) and unit_set = $4
      and weight_scheme in ('reported', $5)
),

brk as (
    select coalesce(max(action), '') as action
    from marts.mart_methodology_breaks
    where index_id = $1 and year = $3 and (component_code is null or component_code = $2)
),

cur as (
    select *,
        lead(ci_upper) over (order by rank, province_name collate vi, province_code) as next_ci_upper,
        lead(province_name) over (order by rank, province_name collate vi, province_code) as next_province
    from r where year = $3
)

select
    c.rank, c.n_ranked, c.province_code, c.province_name, c.province_name_en,
    coalesce(pv.region, '') as region_code, coalesce(rg.name_vi, '') as region_vi, coalesce(rg.name_en, '') as region_en,
    c.score, c.value_type, c.estimated, c.n_constituents, c.official_rank, c.percentile,
    c.gap_to_leader, c.gap_to_median,
    coalesce(c.group_code, '') as group_code, coalesce(c.group_vi, '') as group_vi, coalesce(c.group_en, '') as group_en,
    c.ci_lower, c.ci_upper,
    p.score as prev_score, p.rank as prev_rank, p.n_ranked as prev_n_ranked,
    case when (select action from brk) <> 'refuse' then c.score - p.score end as score_change,
    case when p.n_ranked = c.n_ranked and (select action from brk) = '' then p.rank - c.rank end as rank_change,
    round(c.percentile - p.percentile, 1) as percentile_change,
    (select action from brk) as crosses_break,
    -- the change lies inside both years' 95% intervals: not distinguishable
    case when c.ci_lower is not null and p.ci_lower is not null
        then c.ci_lower <= p.ci_upper and p.ci_lower <= c.ci_upper end as change_within_ci,
    -- this unit's interval overlaps the next-ranked unit's
    case when c.ci_lower is not null and c.next_ci_upper is not null then c.ci_lower <= c.next_ci_upper end as overlaps_next,
    coalesce(c.next_province, '') as next_province,
    c.illustrative
from cur as c
left join r as p on p.year = $3 - 1 and p.province_code = c.province_code
left join marts.mart_provinces as pv on pv.unit_set = c.unit_set and pv.province_code = c.province_code
left join marts.mart_regions as rg on rg.region_code = pv.region
order by c.rank, c.province_name collate vi, c.province_code;

-- name: ReportRegions :many
-- The mean overall score of each socio-economic region in year $2 and the
-- year before, for index $1 on map $3 (weights $4), in region order.
with r as (
    select r.year, pv.region, r.score
    from marts.mart_index_rankings as r
    join marts.mart_provinces as pv on pv.unit_set = r.unit_set and pv.province_code = r.province_code
    where r.index_id = $1 and r.component_code = 'TOTAL' and r.year in ($2, $2 - 1) and r.unit_set = $3
      and r.weight_scheme in ('reported', $4) and pv.region is not null
)

select g.region_code, g.name_vi, g.name_en,
    count(*) filter (where r.year = $2) as n,
    avg(r.score) filter (where r.year = $2) as mean_score,
    avg(r.score) filter (where r.year = $2 - 1) as prev_mean_score
from marts.mart_regions as g
join r on r.region = g.region_code
group by all
having count(*) filter (where r.year = $2) > 0
order by min(g.ord);

-- name: ReportComponents :many
-- The direct parts of index $1's total (PAPI's dimensions, PCI's
-- sub-indices) in year $2 on map $3 (weights $4): every unit's score, its
-- change on the year before (none across a break that refuses it), and the
-- national median and the best score of the part with the unit's gaps to
-- them, in reference order.
with brk as (
    select coalesce(max(action), '') as action
    from marts.mart_methodology_breaks
    where index_id = $1 and year = $2 and component_code is null
),

parts as (
    select component_code, name_vi, name_en, direction, scale_max, ord
    from marts.mart_measures
    where index_id = $1 and parent_code = 'TOTAL'
),

r as (
    select r.*
    from marts.mart_index_rankings as r
    join parts as p on p.component_code = r.component_code
    where r.index_id = $1 and r.year in ($2, $2 - 1) and r.unit_set = $3 and r.weight_scheme in ('reported', $4)
),

cur as (
    select *,
        median(score) over (partition by component_code) as median_score,
        case when direction = 'lower_better' then min(score) over (partition by component_code)
            else max(score) over (partition by component_code) end as best_score
    from r
    join parts using (component_code)
    where year = $2
)

select c.component_code, c.name_vi, c.name_en, c.scale_max, c.province_code, c.province_name, c.score, c.rank, c.n_ranked,
    c.median_score, c.best_score, c.score - c.median_score as gap_to_median, c.score - c.best_score as gap_to_best,
    case when (select action from brk) <> 'refuse' then c.score - p.score end as score_change
from cur as c
left join r as p on p.year = $2 - 1 and p.component_code = c.component_code and p.province_code = c.province_code
order by c.ord, c.component_code, c.rank, c.province_name collate vi;

-- name: ReportDistribution :many
-- The spread of index $1's overall scores in year $2 and the year before on
-- map $3 (weights $4): n, minimum, quartiles, median, mean and maximum.
select year, count(*) as n, min(score) as min_score, quantile_cont(score, 0.25) as q1, median(score) as median_score,
    quantile_cont(score, 0.75) as q3, max(score) as max_score, avg(score) as mean_score
from marts.mart_index_rankings
where index_id = $1 and component_code = 'TOTAL' and year in ($2, $2 - 1) and unit_set = $3 and weight_scheme in ('reported', $4)
group by year
order by year;

-- name: ReportPairPoints :many
-- The units with an overall score on both index $1 (x) and index $2 (y) in
-- year $3 on map $4 (weights $5), by name.
select x.province_code, x.province_name, x.score as x, y.score as y
from marts.mart_index_rankings as x
join marts.mart_index_rankings as y
    on y.year = x.year and y.unit_set = x.unit_set and y.province_code = x.province_code
    and y.index_id = $2 and y.component_code = 'TOTAL' and y.weight_scheme in ('reported', $5)
where x.index_id = $1 and x.component_code = 'TOTAL' and x.year = $3 and x.unit_set = $4 and x.weight_scheme in ('reported', $5)
order by x.province_name collate vi, x.province_code;

-- name: ReportPeers :many
-- The peers of unit $5 on index $1 in year $2 on map $3 (weights $4): the
-- units of its region ('region'), and the five with the nearest overall
-- scores ('nearest'), each with score, rank and the difference to the unit.
with r as (
    select r.province_code, r.province_name, r.score, r.rank, r.n_ranked, pv.region
    from marts.mart_index_rankings as r
    left join marts.mart_provinces as pv on pv.unit_set = r.unit_set and pv.province_code = r.province_code
    where r.index_id = $1 and r.component_code = 'TOTAL' and r.year = $2 and r.unit_set = $3 and r.weight_scheme in ('reported', $4)
),

me as (select * from r where province_code = $5),

nearest as (
    select r.*, row_number() over (order by abs(r.score - me.score), r.rank, r.province_code) as pos
    from r, me
    where r.province_code <> me.province_code
)

select 'region' as kind, r.province_code, r.province_name, r.score, r.rank, r.n_ranked, r.score - me.score as diff
from r, me
where r.region = me.region and r.province_code <> me.province_code
union all
select 'nearest', province_code, province_name, score, rank, n_ranked, score - (select score from me)
from nearest
where pos <= 5
order by kind desc, rank, province_name collate vi;

-- name: ReportSources :many
-- The loads in force behind the warehouse: file, kind, the slices it holds,
-- rows, and when it was loaded. A load every row of which a later load
-- superseded is no longer behind it.
with load_rows as (
    select _load_id, _superseded_by from raw.index_scores
    union all select _load_id, _superseded_by from raw.population
    union all select _load_id, _superseded_by from raw.training_classes
    union all select _load_id, _superseded_by from raw.training_roster
    union all select _load_id, _superseded_by from raw.staffing
    union all select _load_id, _superseded_by from raw.dossier_stats
    union all select _load_id, _superseded_by from raw.satisfaction
    union all select _load_id, _superseded_by from raw.dossier_records
)

select load_id, file_name, kind, coalesce(slices, '') as slices, rows, strftime(loaded_at, '%Y-%m-%d') as loaded_on, illustrative
from raw._loads
where status = 'loaded'
    and (load_id not in (select _load_id from load_rows)
        or load_id in (select _load_id from load_rows where _superseded_by is null))
order by load_id;

-- name: ReportMeasures :many
-- The training and dossier measures ranked in year $1 on map $2 (weights
-- $3): name, unit, how many units have a value, the median, and the best
-- and the last unit with their values, in reference order.
with r as (
    select r.*, m.family, m.name_vi as measure_vi, m.name_en as measure_en, m.unit, m.ord
    from marts.mart_index_rankings as r
    join marts.mart_measures as m on m.index_id = r.index_id and m.component_code = r.component_code
    where r.year = $1 and r.unit_set = $2 and r.weight_scheme in ('reported', $3)
      and r.component_code = 'TOTAL' and m.family in ('training', 'dossier')
)

select family, index_id, measure_vi, measure_en, unit, count(*) as n, median(score) as median_score,
    arg_min(province_name, rank) as best_province, arg_min(score, rank) as best_score,
    arg_max(province_name, rank) as last_province, arg_max(score, rank) as last_score,
    bool_or(estimated) as estimated
from r
group by all
order by min(ord), index_id;

-- name: ReportReady :one
-- Whether the warehouse has what the report reads: the marts of this
-- version of cchc (marts.mart_regions) and the raw tables' supersession
-- column (a warehouse built by an older cchc has neither until 'cchc build').
select
    (select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'mart_regions') > 0
    and (select count(*) from information_schema.columns where table_schema = 'raw' and table_name = 'dossier_records' and column_name = '_superseded_by') > 0;

-- name: ReportUnits :many
-- The units of map $2 that exist in year $1 (on the 34-unit map every unit,
-- as estimates before the merger), by code: the profiles --all-provinces writes.
select province_code, name_vi, name_en
from marts.mart_provinces
where unit_set = $2
  and ($2 = '34' or (year(valid_from) <= $1 and (valid_to is null or year(valid_to) >= $1)))
order by province_code;
