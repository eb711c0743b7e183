-- name: DashboardMeasures :many
-- Every measure the dashboard offers (index components, training and
-- dossier figures), index by index in reference order.
select family, index_id, component_code, parent_code, level, name_vi, name_en, index_name_vi, index_name_en,
    unit, direction, scale_min, scale_max, first_year, last_year, unit_sets
from marts.mart_measures
order by ord, index_id, component_code;

-- name: DashboardScores :many
-- Every ranked score of one index on both maps, for the default weights of
-- the 34-unit estimates ($2), with the change on the year before on the same
-- map (a rank change only between rankings of the same size, else the
-- percentile change), the median and the best score of the ranking.
with cur as (
    select r.*,
        median(r.score) over w as median_score,
        case when m.direction = 'lower_better' then min(r.score) over w else max(r.score) over w end as best_score
    from marts.mart_index_rankings as r
    left join marts.mart_measures as m on m.index_id = r.index_id and m.component_code = r.component_code
    where r.index_id = $1 and r.weight_scheme in ('reported', $2)
    window w as (partition by r.component_code, r.year, r.unit_set)
)

select
    c.component_code, c.year, c.unit_set, c.province_code, c.province_name, c.province_name_en,
    c.score, c.value_type, c.estimated, c.rank, c.n_ranked, c.official_rank, c.percentile,
    case when p.n_ranked = c.n_ranked then p.rank - c.rank end as rank_change,
    round(c.percentile - p.percentile, 1) as percentile_change,
    c.score - p.score as score_change,
    c.gap_to_leader, c.gap_to_median, c.median_score, c.best_score,
    coalesce(c.group_code, '') as group_code, coalesce(c.group_vi, '') as group_vi, coalesce(c.group_en, '') as group_en,
    c.illustrative
from cur as c
left join cur as p
    on p.component_code = c.component_code and p.unit_set = c.unit_set
    and p.province_code = c.province_code and p.year = c.year - 1
order by c.component_code, c.year, c.unit_set, c.rank, c.province_name collate vi, c.province_code;

-- name: DashboardChanges :many
-- The change of every unit's score, rank and percentile of one index since
-- every earlier year with a score, on the same map, and the strongest
-- methodology break between the two years ('refuse', 'flag' or '').
with s as (
    select component_code, year, unit_set, province_code, score, rank, n_ranked, percentile
    from marts.mart_index_rankings
    where index_id = $1 and weight_scheme in ('reported', $2)
),

breaks as (
    select year, coalesce(component_code, '') as component_code, action
    from marts.mart_methodology_breaks
    where index_id = $1
)

select
    e.component_code, e.unit_set, e.province_code, b.year as start_year, e.year,
    e.score - b.score as score_change,
    case when b.n_ranked = e.n_ranked then b.rank - e.rank end as rank_change,
    round(e.percentile - b.percentile, 1) as percentile_change,
    coalesce((
        select max(k.action) from breaks as k
        where k.year > b.year and k.year <= e.year and k.component_code in ('', e.component_code)
    ), '') as crosses_break
from s as e
join s as b
    on b.component_code = e.component_code and b.unit_set = e.unit_set
    and b.province_code = e.province_code and b.year < e.year
order by e.component_code, e.unit_set, e.province_code, b.year, e.year;

-- name: DashboardBreaks :many
-- Every methodology break, by index and year.
select index_id, year, coalesce(component_code, '') as component_code, action, note_vi, note_en
from marts.mart_methodology_breaks
order by index_id, year;

-- name: DashboardValues :many
-- The overall value of every measure (index totals, training and dossier
-- measures) for every unit, year and map: what the scatter plot, the tile
-- map and the training and dossier pages draw. 34-unit estimates use the
-- default weights ($1).
select index_id, year, unit_set, province_code, province_name, score, rank, n_ranked, percentile, estimated, illustrative
from marts.mart_index_rankings
where component_code = 'TOTAL' and weight_scheme in ('reported', $1)
order by 1, 2, 3, 4;

-- name: DashboardPairs :many
-- For every two measures (x, y) in a year on a map, over the units with
-- both: n, Pearson's r, Spearman's rho (Pearson's r of the average ranks)
-- and the least-squares line y = slope * x + intercept.
with v as (
    select index_id, year, unit_set, province_code, score
    from marts.mart_index_rankings
    where component_code = 'TOTAL' and weight_scheme in ('reported', $1)
),

pairs as (
    select x.index_id as x_measure, y.index_id as y_measure, x.year, x.unit_set, x.score as x, y.score as y
    from v as x
    join v as y on y.year = x.year and y.unit_set = x.unit_set and y.province_code = x.province_code
    where x.index_id <> y.index_id
),

ranked as (
    select *,
        (rank() over (partition by x_measure, y_measure, year, unit_set order by x)
            + count(*) over (partition by x_measure, y_measure, year, unit_set) + 1
            - rank() over (partition by x_measure, y_measure, year, unit_set order by x desc)) / 2.0 as rx,
        (rank() over (partition by x_measure, y_measure, year, unit_set order by y)
            + count(*) over (partition by x_measure, y_measure, year, unit_set) + 1
            - rank() over (partition by x_measure, y_measure, year, unit_set order by y desc)) / 2.0 as ry
    from pairs
)

select x_measure, y_measure, year, unit_set, count(*) as n,
    corr(y, x) as pearson, corr(ry, rx) as spearman,
    regr_slope(y, x) as slope, regr_intercept(y, x) as intercept,
    min(x) as x_min, max(x) as x_max,
    -- the fitted line's ends, at the smallest and the largest x
    regr_slope(y, x) * min(x) + regr_intercept(y, x) as line_y_min,
    regr_slope(y, x) * max(x) + regr_intercept(y, x) as line_y_max
from ranked
group by all
having count(*) >= 3
order by all;

-- name: DashboardDossiers :many
-- Dossier counts and rates of every unit, year and map.
select unit_set, year, province_code, province_name, received, received_online, resolved,
    resolved_early, resolved_on_time, resolved_late, pending, pending_overdue,
    on_time_rate_resolved, online_share, satisfaction_rate, illustrative
from marts.mart_dossier_rates
where breakdown = 'province'
order by unit_set, year, province_name collate vi, province_code;

-- name: DataAsOf :one
-- The load ledger: when the last file was loaded, how many loads are in the
-- warehouse, and whether any of them is illustrative (the generated sample).
select coalesce(strftime(max(loaded_at), '%Y-%m-%d %H:%M:%S'), ''), count(*), coalesce(bool_or(illustrative), false)
from raw._loads
where status = 'loaded';

-- name: DashboardUnits :many
-- The units of both maps with their tiles on the tile map, north to south.
select unit_set, province_code, name_vi, name_en, region, constituent_names, tile_row, tile_col
from marts.mart_province_tiles
order by unit_set desc, tile_row, tile_col;
