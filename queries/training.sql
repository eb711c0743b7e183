-- name: TrainingSummary :many
-- Training classes of one year ($1) on one map ($2), by one key ($3: province,
-- organiser, topic, level, month, target, format, or all), for every unit or
-- one ($4, '' for all): a plain select of marts.mart_training_summary. The
-- key comes back under its own name (province_code, organiser, ...).
select
    key,
    key_name,
    case when breakdown = 'province' then key end as province_code,
    case when breakdown = 'province' then key_name end as province,
    case when breakdown = 'organiser' then key end as organiser,
    case when breakdown = 'topic' then key end as topic,
    case when breakdown = 'topic' then key_name end as topic_name,
    case when breakdown = 'topic' then coalesce(topic_mapped, false) end as topic_mapped,
    case when breakdown = 'level' then key end as level,
    case when breakdown = 'month' then cast(key as integer) end as month,
    case when breakdown = 'target' then key end as target,
    case when breakdown = 'format' then key end as format,
    year, unit_set, classes, attendances, female, female_pct, planned, plan_pct, persons, roster_classes,
    civil_servants, per_100_cs, persons_per_100_cs, prev_classes, prev_attendances, attendances_change_pct,
    cost, illustrative
from marts.mart_training_summary
where year = $1 and unit_set = $2 and breakdown = $3 and scope_code = $4
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
