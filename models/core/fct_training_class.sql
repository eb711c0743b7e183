-- grain: one row per training class, on the map in force in its start year; counted once, in the month it starts
with held_out as (
    -- the class ids a failing check named in this build (held out of core and the marts)
    select class_id from ref._held_out where slice_kind = 'classes'
),

classes as (
    select * from staging.stg_training_classes as c
    where not exists (select 1 from held_out as h where h.class_id = c.class_id)
),

roster as (
    select class_id, count(*) as roster_attendances, count(distinct trainee_id) as roster_persons
    from staging.stg_training_roster
    group by class_id
),

topics as (
    select * from ref.training_topics
),

final as (
    select
        c.class_id,
        c.province_code,
        c.unit_set,
        c.year,
        month(c.start_date) as month,
        c.start_date,
        c.end_date,
        coalesce(c.organiser, '') as organiser,
        coalesce(c.level, '') as level,
        coalesce(c.topic, '') as topic,
        c.topic_mapped,
        coalesce(t.name_vi, c.topic_input, '') as topic_name,
        coalesce(c.format, '') as format,
        coalesce(c.target_group, '') as target_group,
        c.trainees,
        c.trainees_female,
        c.planned_trainees,
        c.cost,
        r.roster_attendances,
        r.roster_persons,
        c.illustrative,
        c.load_id,
        c.source_file,
        c.source_row
    from classes as c
    left join roster as r on r.class_id = c.class_id
    left join topics as t on c.topic_mapped and t.topic = c.topic
)

select * from final
