-- grain: one row per disagreement between sources: on a score (province x year x index x component x the superseded load: the value kept, in force, and the other) or on a row of another raw table (its natural key x the superseded load: what differs, "trainees: 30 → 32"), with the file, sheet and row of each, and what settled it (the later load by default, or --prefer)
with conflicts as (
    select * from staging.stg_score_conflicts
),

row_conflicts as (
    select * from staging.stg_row_conflicts
),

provinces as (
    select province_code, unit_set, name_vi from core.dim_province
),

scores as (
    select
        'index_scores' as table_name,
        concat_ws(' ', 'unit_set=' || c.unit_set, 'province_code=' || c.province_code, 'year=' || c.year,
            'index_id=' || c.index_id, 'component=' || c.component_code) as row_key,
        'score: ' || c.other_value || ' → ' || c.kept_value as difference,
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
        c.kept_file,
        c.kept_sheet,
        c.kept_row,
        c.other_load_id,
        c.other_file,
        c.other_sheet,
        c.other_row,
        c.settled_by
    from conflicts as c
    left join provinces as p on p.province_code = c.province_code and p.unit_set = c.unit_set
),

final as (
    select * from scores
    union all by name
    select * from row_conflicts
)

select * from final
order by table_name, index_id, year, province_code, component_code, row_key, other_load_id
