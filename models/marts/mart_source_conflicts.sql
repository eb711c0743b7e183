-- grain: one row per disagreement between sources on a score: province x year x index x component x the superseded load; the value kept (in force) and the other, with the file, sheet and row of each, and what settled it (the later load by default, or --prefer)
with conflicts as (
    select * from staging.stg_score_conflicts
),

provinces as (
    select province_code, unit_set, name_vi from core.dim_province
),

final as (
    select
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
)

select * from final
order by index_id, year, province_code, component_code, other_load_id
