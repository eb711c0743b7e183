-- grain: one row per map x year x scope (every unit, '', or one unit's code) x breakdown (province, organiser, topic, level, month, target, format, all) x key: classes, attendances, distinct persons (where rosters exist), attendances per 100 civil servants (staffing of the units in scope, or the key's own unit by province), female share, plan attainment and the change on the previous year for the same key
with classes as (
    select c.*, s.civil_servants
    from marts.mart_training_classes as c
    left join marts.mart_training_staffing as s
        on s.unit_set = c.unit_set and s.province_code = c.province_code and s.year = c.year
),

attendances as (
    select * from marts.mart_training_attendances
),

breakdowns as (
    select unnest(['province', 'organiser', 'topic', 'level', 'month', 'target', 'format', 'all']) as breakdown
),

-- each class counts in the national scope ('') and in its own unit's scope
scopes as (
    select unnest([false, true]) as own_unit
),

keyed as (
    select
        c.*,
        b.breakdown,
        case when sc.own_unit then c.province_code else '' end as scope_code,
        case b.breakdown
            when 'province' then c.province_code
            when 'organiser' then c.organiser
            when 'topic' then c.topic
            when 'level' then c.level
            when 'month' then lpad(cast(c.month as varchar), 2, '0')
            when 'target' then c.target_group
            when 'format' then c.format
            else ''
        end as key,
        case b.breakdown
            when 'province' then c.province_name
            when 'topic' then c.topic_name
            else ''
        end as key_name
    from classes as c
    cross join breakdowns as b
    cross join scopes as sc
),

-- each attendance under its class's keys (the class's own breakdowns and scopes)
keyed_attendances as (
    select k.unit_set, k.year, k.breakdown, k.scope_code, k.key, a.trainee_id
    from attendances as a
    join keyed as k
        on k.unit_set = a.unit_set and k.year = a.year and k.province_code = a.province_code and k.class_id = a.class_id
),

persons as (
    select unit_set, year, breakdown, scope_code, key, count(distinct trainee_id) as persons
    from keyed_attendances
    group by all
),

-- civil servants of the units in a scope, each unit once
scope_staffing as (
    select unit_set, year, scope_code, sum(civil_servants) as civil_servants
    from (
        select distinct unit_set, year, scope_code, province_code, civil_servants
        from keyed
        where breakdown = 'all' and civil_servants is not null
    )
    group by all
),

agg as (
    select
        unit_set,
        year,
        scope_code,
        breakdown,
        key,
        max(key_name) as key_name,
        bool_and(topic_mapped) as topic_mapped,
        count(*) as classes,
        sum(trainees) as attendances,
        sum(trainees_female) as female,
        sum(trainees) filter (where trainees_female is not null) as attendances_with_female,
        sum(planned_trainees) as planned,
        sum(trainees) filter (where planned_trainees is not null) as attendances_with_plan,
        sum(cost) as cost,
        sum(trainees) filter (where civil_servants is not null) as attendances_with_staffing,
        max(civil_servants) as own_civil_servants,
        count(*) filter (where roster_attendances is not null) as roster_classes,
        bool_or(illustrative) as illustrative
    from keyed
    group by all
),

measured as (
    select
        a.*,
        case when a.breakdown = 'province' then a.own_civil_servants else st.civil_servants end as denominator
    from agg as a
    left join scope_staffing as st on st.unit_set = a.unit_set and st.year = a.year and st.scope_code = a.scope_code
),

final as (
    select
        a.unit_set,
        a.year,
        a.scope_code,
        a.breakdown,
        a.key,
        a.key_name,
        a.topic_mapped,
        a.classes,
        a.attendances,
        a.female,
        round(100.0 * a.female / nullif(a.attendances_with_female, 0), 1) as female_pct,
        a.planned,
        round(100.0 * a.attendances_with_plan / nullif(a.planned, 0), 1) as plan_pct,
        case when a.roster_classes > 0 then p.persons end as persons,
        a.roster_classes,
        a.denominator as civil_servants,
        round(100.0 * a.attendances_with_staffing / nullif(a.denominator, 0), 2) as per_100_cs,
        case when a.roster_classes = a.classes then round(100.0 * p.persons / nullif(a.denominator, 0), 2) end as persons_per_100_cs,
        prev.classes as prev_classes,
        prev.attendances as prev_attendances,
        round(100.0 * (a.attendances - prev.attendances) / nullif(prev.attendances, 0), 1) as attendances_change_pct,
        a.cost,
        a.illustrative
    from measured as a
    left join agg as prev
        on prev.unit_set = a.unit_set and prev.scope_code = a.scope_code and prev.breakdown = a.breakdown
        and prev.key = a.key and prev.year = a.year - 1
    left join persons as p
        on p.unit_set = a.unit_set and p.year = a.year and p.breakdown = a.breakdown
        and p.scope_code = a.scope_code and p.key = a.key
)

select * from final
