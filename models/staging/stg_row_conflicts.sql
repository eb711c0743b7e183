-- grain: one row per disagreement between two loads on a row of training, staffing, population, dossier statistics or satisfaction: the row in force for a natural key against a superseded row of the same key whose values differ (raw._row_conflicts, made from the natural keys raw.sql declares)
with source as (
    select * from raw._row_conflicts
),

final as (
    select
        s.table_name,
        s.row_key,
        s.difference as differs,
        s.kept_load_id,
        s.kept_sheet,
        s.kept_row,
        s.other_load_id,
        s.other_sheet,
        s.other_row
    from source as s
)

select * from final
