-- grain: one row per disagreement between sources: on a score (province x year x index x component x the superseded load: the value kept, in force, and the other) or on a row of another raw table (its natural key x the superseded load), with what differs ("trainees: 25 → 28"), the file, sheet and row of each, and what settled it (the later load by default, or --prefer)
with score_conflicts as (
    select * from staging.stg_score_conflicts
),

row_conflicts as (
    select * from staging.stg_row_conflicts
),

loads as (
    select load_id, file_name, prefer from raw._loads
),

provinces as (
    select province_code, unit_set, name_vi from core.dim_province
),

scores as (
    select
        'index_scores' as table_name,
        concat_ws(' ', 'unit_set=' || c.unit_set, 'province_code=' || c.province_code, 'year=' || c.year,
            'index_id=' || c.index_id, 'component=' || c.component_code) as row_key,
        'score: ' || c.other_value || ' → ' || c.kept_value as differs,
        c.index_id,
        c.year,
        c.unit_set,
        c.province_code,
        p.name_vi as province_name,
        c.component_code,
        c.kept_value,
        c.other_value,
        c.kept_value - c.other_value as difference,
        c.kept_load_id,
        c.kept_sheet,
        c.kept_row,
        c.other_load_id,
        c.other_sheet,
        c.other_row
    from score_conflicts as c
    left join provinces as p on p.province_code = c.province_code and p.unit_set = c.unit_set
),

conflicts as (
    select * from scores
    union all by name
    select * from row_conflicts
),

final as (
    select
        c.* exclude (kept_sheet, kept_row, other_load_id, other_sheet, other_row),
        kl.file_name as kept_file,
        c.kept_sheet,
        c.kept_row,
        c.other_load_id,
        ol.file_name as other_file,
        c.other_sheet,
        c.other_row,
        -- the later load wins unless --prefer (recorded on the later load) named the earlier one's source
        case
            when c.kept_load_id > c.other_load_id then 'later'
            else 'prefer ' || coalesce(ol.prefer, '?')
        end as settled_by
    from conflicts as c
    left join loads as kl on kl.load_id = c.kept_load_id
    left join loads as ol on ol.load_id = c.other_load_id
)

select * from final
order by table_name, index_id, year, province_code, component_code, row_key, other_load_id
