-- grain: one row per disagreement between two loads on a score: the row in force for a province x year x index x component against a superseded row of the same key that differs beyond the coarser one's rounding (raw._score_conflicts)
with source as (
    select * from raw._score_conflicts
),

loads as (
    select load_id, file_name, kind, prefer from raw._loads
),

final as (
    select
        s.index_id,
        try_cast(s.year as integer) as year,
        s.unit_set,
        s.province_code,
        s.component as component_code,
        try_cast(s.kept_score as double) as kept_value,
        try_cast(s.other_score as double) as other_value,
        s.kept_load_id,
        kl.file_name as kept_file,
        s.kept_sheet,
        s.kept_row,
        s.other_load_id,
        ol.file_name as other_file,
        s.other_sheet,
        s.other_row,
        -- the later load wins unless --prefer (recorded on the later load) named the earlier one's source
        case
            when s.kept_load_id > s.other_load_id then 'later'
            else 'prefer ' || coalesce(ol.prefer, '?')
        end as settled_by
    from source as s
    left join loads as kl on kl.load_id = s.kept_load_id
    left join loads as ol on ol.load_id = s.other_load_id
)

select * from final
