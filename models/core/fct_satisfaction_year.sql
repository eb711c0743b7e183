-- grain: one row per map (63 or 34 units) x unit x year: satisfaction forms and answers summed over the year's periods (the annual tally when there is one) and levels; before 2025 the 34-unit rows are re-summed from their constituents
with tallies as (
    select * from staging.stg_satisfaction
),

members as (
    select * from core.dim_unit_member
),

ranked as (
    select *,
        min(case period_type when 'year' then 1 when 'quarter' then 2 else 3 end)
            over (partition by unit_set, province_code, year, level) as best,
        bool_or(level = 'all') over (partition by unit_set, province_code, year) as has_all_levels
    from tallies
),

own_map as (
    select unit_set, province_code, year,
        sum(forms) as forms, sum(very_satisfied) as very_satisfied, sum(satisfied) as satisfied,
        sum(neutral) as neutral, sum(dissatisfied) as dissatisfied, bool_or(illustrative) as illustrative
    from ranked
    where case period_type when 'year' then 1 when 'quarter' then 2 else 3 end = best
      and (not has_all_levels or level = 'all')
    group by all
),

resummed as (
    select '34' as unit_set, m.unit_code as province_code, o.year,
        sum(o.forms) as forms, sum(o.very_satisfied) as very_satisfied, sum(o.satisfied) as satisfied,
        sum(o.neutral) as neutral, sum(o.dissatisfied) as dissatisfied, bool_or(o.illustrative) as illustrative
    from own_map as o
    join members as m on m.member_code = o.province_code
    where o.unit_set = '63'
    group by all
),

final as (
    select * from own_map
    union all
    select * from resummed
)

select * from final
