-- name: TrainingSummary :many
-- Training classes of one year on one map, by one key ($3: province, organiser,
-- topic, level, month, target, format, or all), with the previous year's counts
-- for the same key. $4 limits to one province ('' for all). Distinct persons
-- come from rosters; attendances per 100 civil servants use the staffing of
-- the provinces in scope (the key's own province when $3 is province).
with classes as (
    select
        c.*,
        s.civil_servants,
        case $3
            when 'province' then c.province_code
            when 'organiser' then c.organiser
            when 'topic' then c.topic
            when 'level' then c.level
            when 'month' then lpad(cast(c.month as varchar), 2, '0')
            when 'target' then c.target_group
            when 'format' then c.format
            else ''
        end as key,
        case $3
            when 'province' then c.province_name
            when 'topic' then c.topic_name
            else ''
        end as key_name
    from marts.mart_training_classes as c
    left join marts.mart_training_staffing as s
        on s.unit_set = c.unit_set and s.province_code = c.province_code and s.year = c.year
    where c.unit_set = $2 and c.year in ($1, $1 - 1) and ($4 = '' or c.province_code = $4)
),

attendances as (
    select
        year,
        case $3
            when 'province' then province_code
            when 'organiser' then organiser
            when 'topic' then topic
            when 'level' then level
            when 'month' then lpad(cast(month as varchar), 2, '0')
            when 'target' then target_group
            when 'format' then format
            else ''
        end as key,
        trainee_id
    from marts.mart_training_attendances
    where unit_set = $2 and year = $1 and ($4 = '' or province_code = $4)
),

persons as (
    select key, count(distinct trainee_id) as persons
    from attendances
    group by key
),

scope_staffing as (
    select year, sum(civil_servants) as civil_servants
    from (select distinct year, province_code, civil_servants from classes where civil_servants is not null)
    group by year
),

agg as (
    select
        year,
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
    from classes
    group by year, key
),

final as (
    select
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
        case when $3 = 'province' then a.own_civil_servants else st.civil_servants end as civil_servants,
        round(100.0 * a.attendances_with_staffing
            / nullif(case when $3 = 'province' then a.own_civil_servants else st.civil_servants end, 0), 2) as per_100_cs,
        case when a.roster_classes = a.classes then
            round(100.0 * p.persons / nullif(case when $3 = 'province' then a.own_civil_servants else st.civil_servants end, 0), 2)
        end as persons_per_100_cs,
        prev.classes as prev_classes,
        prev.attendances as prev_attendances,
        round(100.0 * (a.attendances - prev.attendances) / nullif(prev.attendances, 0), 1) as attendances_change_pct,
        a.cost,
        a.illustrative
    from agg as a
    left join agg as prev on prev.key = a.key and prev.year = a.year - 1
    left join persons as p on p.key = a.key
    left join scope_staffing as st on st.year = a.year
    where a.year = $1
)

select * from final
order by (case when $3 = 'province' then key_name else key end) collate vi, key;

-- name: TrainingYears :many
-- The years with training classes on one map.
select distinct year
from marts.mart_training_classes
where unit_set = $1
order by year;

-- name: TrainingRosterGaps :many
-- Rosters that disagree with the class file in one year (their class's year),
-- and rosters naming a class never loaded.
select
    class_id, coalesce(province_code, '') as province_code, coalesce(year, 0) as year,
    coalesce(trainees, 0) as trainees, roster_attendances, issue, source_file
from marts.mart_training_roster_gaps
where year = $1 or year is null
order by issue, class_id;
