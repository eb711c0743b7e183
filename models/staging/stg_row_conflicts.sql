-- grain: one row per disagreement between two loads on a row of training, staffing, population, dossier statistics or satisfaction: the row in force for a natural key against a superseded row of the same key whose values differ (raw._row_conflicts, made by ingest from the natural keys)
with source as (
    select * from raw._row_conflicts
),

loads as (
    select load_id, file_name, prefer from raw._loads
),

final as (
    select
        s.table_name,
        s.row_key,
        s.difference,
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
