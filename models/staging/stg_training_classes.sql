-- grain: one row per loaded training class (class id, on the map of its start year), typed from raw.training_classes
with source as (
    select * from raw.training_classes
    where _superseded_by is null -- the rows in force
),

loads as (
    select load_id, illustrative from raw._loads
),

final as (
    select
        s.class_id,
        s.province_code,
        s.unit_set,
        -- the former province a file named after the merger, else the unit itself
        coalesce(s.province_source, s.province_code) as province_source,
        try_cast(s.year as integer) as year,
        nullif(s.organiser, '') as organiser,
        s.level,
        try_cast(s.start_date as date) as start_date,
        try_cast(s.end_date as date) as end_date,
        s.topic,
        coalesce(s.topic_mapped, false) as topic_mapped,
        s.topic_input,
        s.format,
        s.target_group,
        try_cast(s.trainees as bigint) as trainees,
        try_cast(s.trainees_female as bigint) as trainees_female,
        try_cast(s.planned_trainees as bigint) as planned_trainees,
        try_cast(s.cost as double) as cost,
        coalesce(l.illustrative, false) as illustrative,
        s._load_id as load_id,
        s._source_file as source_file,
        s._source_sheet as source_sheet,
        s._source_row as source_row
    from source as s
    left join loads as l on l.load_id = s._load_id
)

select * from final
