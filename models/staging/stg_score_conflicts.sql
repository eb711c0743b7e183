-- grain: one row per disagreement between two loads on a score: the row in force for a province x year x index x component against a superseded row of the same key that differs beyond the coarser one's rounding (raw._score_conflicts)
with source as (
    select * from raw._score_conflicts
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
        s.kept_sheet,
        s.kept_row,
        s.other_load_id,
        s.other_sheet,
        s.other_row
    from source as s
)

select * from final
