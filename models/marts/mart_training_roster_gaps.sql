-- grain: one row per class whose roster disagrees with the class file: roster attendances differ from the class's trainee count, or a roster names a class never loaded
with classes as (
    select * from core.fct_training_class
),

roster as (
    select class_id, count(*) as roster_attendances, min(source_file) as source_file
    from staging.stg_training_roster
    group by class_id
),

final as (
    select
        c.class_id, c.province_code, c.unit_set, c.year, c.trainees, c.roster_attendances,
        'count_differs' as issue, c.source_file
    from classes as c
    where c.roster_attendances is not null and c.roster_attendances <> c.trainees
    union all
    select
        r.class_id, null, null, null, null, r.roster_attendances,
        'class_unknown', r.source_file
    from roster as r
    where not exists (select 1 from classes as c where c.class_id = r.class_id)
        -- a class a failing check held out is listed in marts.mart_check_failures, not here
        and not exists (select 1 from ref._held_out as h where h.slice_kind = 'classes' and h.class_id = r.class_id)
)

select * from final
