-- grain: one row per province x map x year x training measure (component TOTAL), shaped like marts.mart_unit_scores so that training measures rank like any index; 34-unit rows before the 2025 merger are exact re-sums of counts (not estimates), kept only when every constituent province has classes (and staffing, for rates per civil servant)
with classes as (
    select * from marts.mart_training_classes
),

staffing as (
    select * from marts.mart_training_staffing
),

attendances as (
    select * from marts.mart_training_attendances
),

members as (
    select * from core.dim_unit_member
),

expected as (
    select m.unit_code, y.year, count(*) as n_expected
    from members as m
    join (select distinct year from classes where resummed) as y
        on make_date(y.year, 1, 1) >= m.valid_from and make_date(y.year, 1, 1) < m.valid_to
    group by all
),

totals as (
    select
        unit_set,
        province_code,
        year,
        bool_or(resummed) as resummed,
        count(distinct member_code) as n_constituents,
        count(*) as classes,
        sum(trainees) as attendances,
        sum(trainees_female) as female,
        sum(trainees) filter (where trainees_female is not null) as attendances_with_female,
        sum(planned_trainees) as planned,
        sum(trainees) filter (where planned_trainees is not null) as attendances_with_plan,
        count(*) filter (where roster_attendances is null) as classes_without_roster,
        bool_or(illustrative) as illustrative
    from classes
    group by all
),

complete as (
    select t.*
    from totals as t
    left join expected as e on t.resummed and e.unit_code = t.province_code and e.year = t.year
    where not t.resummed or t.n_constituents = e.n_expected
),

persons as (
    select unit_set, province_code, year, count(distinct trainee_id) as persons
    from attendances
    group by all
),

measures as (
    select
        c.*,
        s.civil_servants,
        -- distinct persons only where every class has a roster
        case when c.classes_without_roster = 0 then p.persons end as persons
    from complete as c
    left join staffing as s on s.unit_set = c.unit_set and s.province_code = c.province_code and s.year = c.year
    left join persons as p on p.unit_set = c.unit_set and p.province_code = c.province_code and p.year = c.year
),

long as (
    select *, 'training_classes' as index_id, classes::double as score from measures
    union all
    select *, 'training_attendances', attendances::double from measures
    union all
    select *, 'training_per_100_cs', 100.0 * attendances / civil_servants from measures where civil_servants > 0
    union all
    select *, 'training_persons_per_100_cs', 100.0 * persons / civil_servants from measures where civil_servants > 0 and persons is not null
    union all
    select *, 'training_female_pct', 100.0 * female / attendances_with_female from measures where attendances_with_female > 0
    union all
    select *, 'training_plan_pct', 100.0 * attendances_with_plan / planned from measures where planned > 0
),

final as (
    select
        province_code,
        unit_set,
        year,
        index_id,
        'TOTAL' as component_code,
        score,
        null::integer as official_rank,
        'reported' as value_type,
        illustrative,
        'reported' as weight_scheme,
        false as estimated,
        null::varchar as constituents,
        n_constituents,
        null::double as ci_lower,
        null::double as ci_upper,
        null::double as std_error
    from long
)

select * from final
