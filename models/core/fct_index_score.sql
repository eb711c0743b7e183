-- grain: one row per province x year x index x component: reported scores, plus parents derived as the sum of their children where the index defines them so (PAPI) and a file gave only the parts
-- slice: index_id, year
with held_out as (
    -- the index x year slices a failing check named in this build (held out of core and the marts)
    select index_id, year from ref._held_out where slice_kind = 'scores'
),

reported as (
    select * from staging.stg_index_scores as s
    where s.score is not null
        and not exists (select 1 from held_out as h where h.index_id = s.index_id and h.year = s.year)
),

components as (
    select * from core.dim_index_component
),

-- how many children each parent has in each year the index has data for
expected as (
    select c.index_id, c.parent_code, y.year, count(*) as n_children
    from components as c
    join (select distinct index_id, year from reported) as y
        on y.index_id = c.index_id and y.year between c.valid_from and c.valid_to
    where c.parent_code is not null and c.total_rule = 'sum_of_children'
    group by all
),

-- level 1: parents of reported children (dimensions from sub-dimensions)
derived_1 as (
    select
        r.province_code, r.unit_set, r.year, r.index_id,
        c.parent_code as component_code,
        sum(r.score order by r.component_code) as score, -- ordered: a float sum in a fixed order gives the same bits every build
        count(*) as n,
        bool_or(r.illustrative) as illustrative
    from reported as r
    join components as c
        on c.index_id = r.index_id and c.component_code = r.component_code
        and r.year between c.valid_from and c.valid_to
    where c.parent_code is not null and c.total_rule = 'sum_of_children'
    group by all
),

level_1 as (
    select province_code, unit_set, year, index_id, component_code, score,
        official_rank, 'reported' as value_type, illustrative, load_id, ci_lower, ci_upper, std_error, official_group
    from reported
    union all
    select d.province_code, d.unit_set, d.year, d.index_id, d.component_code, d.score,
        null, 'derived_sum_of_children', d.illustrative, null, null, null, null, null
    from derived_1 as d
    join expected as e
        on e.index_id = d.index_id and e.parent_code = d.component_code and e.year = d.year
    where d.n = e.n_children
      and not exists (
        select 1 from reported as r
        where r.province_code = d.province_code and r.unit_set = d.unit_set and r.year = d.year
          and r.index_id = d.index_id and r.component_code = d.component_code)
),

-- level 2: parents of level-1 rows (the total from dimensions)
derived_2 as (
    select
        l.province_code, l.unit_set, l.year, l.index_id,
        c.parent_code as component_code,
        sum(l.score order by l.component_code) as score,
        count(*) as n,
        bool_or(l.illustrative) as illustrative
    from level_1 as l
    join components as c
        on c.index_id = l.index_id and c.component_code = l.component_code
        and l.year between c.valid_from and c.valid_to
    where c.parent_code is not null and c.total_rule = 'sum_of_children'
    group by all
),

final as (
    select * from level_1
    union all
    select d.province_code, d.unit_set, d.year, d.index_id, d.component_code, d.score,
        null, 'derived_sum_of_children', d.illustrative, null, null, null, null, null
    from derived_2 as d
    join expected as e
        on e.index_id = d.index_id and e.parent_code = d.component_code and e.year = d.year
    where d.n = e.n_children
      and not exists (
        select 1 from level_1 as l
        where l.province_code = d.province_code and l.unit_set = d.unit_set and l.year = d.year
          and l.index_id = d.index_id and l.component_code = d.component_code)
)

select * from final
