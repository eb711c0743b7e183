-- grain: one row per dossier record, from raw.dossier_records (typed at ingest: dates, province code, canonical level, channel and status); the outcome comes from the dates
-- slice: unit_set, province_code
with source as (
    select * from raw.dossier_records
    where _superseded_by is null -- the rows in force
),

loads as (
    select load_id, illustrative from raw._loads
),

typed as (
    select
        r.dossier_id,
        r.province_code,
        r.unit_set,
        coalesce(r.level, 'all') as level,
        coalesce(r.field, '') as field,
        r.agency,
        r.procedure_code,
        coalesce(r.channel, 'unknown') as channel,
        r.status as status_reported,
        r.received_date,
        r.due_date,
        r.resolved_date,
        coalesce(ld.illustrative, false) as illustrative,
        r._load_id as load_id,
        r._source_row as source_row
    from source as r
    left join loads as ld on ld.load_id = r._load_id
),

final as (
    select
        *,
        -- day precision; a due date that falls on a holiday is not moved (holidays are not modelled)
        case
            when resolved_date is null then null
            when resolved_date < due_date then 'early'
            when resolved_date = due_date then 'on_time'
            else 'late'
        end as outcome,
        case
            when status_reported is null or status_reported = 'returned' then false
            when resolved_date is null then status_reported in ('early', 'on_time', 'late')
            when status_reported in ('pending', 'pending_overdue') then true
            else status_reported <> case
                when resolved_date < due_date then 'early'
                when resolved_date = due_date then 'on_time'
                else 'late'
            end
        end as status_disagrees
    from typed
)

select * from final
