-- grain: one row per loaded satisfaction tally: unit x map x period x level, as counts (percents of the forms turned into counts)
with source as (
    select * from raw.satisfaction
    where _superseded_by is null -- the rows in force
),

loads as (
    select load_id, illustrative from raw._loads
),

typed as (
    select
        s.province_code,
        s.unit_set,
        cast(s.year as integer) as year,
        s.period_type,
        cast(s.period_no as integer) as period_no,
        s.level,
        s.measure,
        cast(s.forms as bigint) as forms,
        try_cast(s.very_satisfied as double) as very_satisfied,
        try_cast(s.satisfied as double) as satisfied,
        try_cast(s.neutral as double) as neutral,
        try_cast(s.dissatisfied as double) as dissatisfied,
        coalesce(l.illustrative, false) as illustrative,
        s._load_id as load_id
    from source as s
    left join loads as l on l.load_id = s._load_id
),

final as (
    select
        province_code, unit_set, year, period_type, period_no, level, measure, forms,
        case when measure = 'percent' then very_satisfied * forms / 100 else very_satisfied end as very_satisfied,
        case when measure = 'percent' then satisfied * forms / 100 else satisfied end as satisfied,
        case when measure = 'percent' then neutral * forms / 100 else neutral end as neutral,
        case when measure = 'percent' then dissatisfied * forms / 100 else dissatisfied end as dissatisfied,
        illustrative,
        load_id
    from typed
)

select * from final
