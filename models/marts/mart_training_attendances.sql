-- grain: one row per roster attendance (class x trainee) x map, with the class's attributes, for distinct persons on any breakdown
with roster as (
    select * from staging.stg_training_roster
),

classes as (
    select * from marts.mart_training_classes
),

final as (
    select
        c.unit_set,
        c.province_code,
        c.province_name,
        c.year,
        c.month,
        c.class_id,
        r.trainee_id,
        r.gender,
        c.organiser,
        c.level,
        c.topic,
        c.topic_name,
        c.format,
        c.target_group
    from roster as r
    join classes as c on c.class_id = r.class_id
)

select * from final
