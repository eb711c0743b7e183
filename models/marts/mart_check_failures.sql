-- grain: one row per failing check x slice (index x year of the scores, unit x year of the dossier figures, a class id) held out of core and the marts in the last build: how many rows the check returned for it, the first of them, and their source cells (file / sheet / row)
with held_out as (
    select * from ref._held_out
),

final as (
    select
        check_name,
        slice_kind,
        index_id,
        unit_set,
        province_code,
        class_id,
        year,
        rows,
        first_row,
        source_cells
    from held_out
)

select * from final
order by check_name, slice_kind, index_id, unit_set, province_code, class_id, year
