-- grain: one row per dossier record, typed from raw.dossier_records with the meaning of its values from raw.dossier_values; the outcome comes from the dates
with source as (
    select * from raw.dossier_records
),

vals as (
    select * from raw.dossier_values
),

loads as (
    select load_id, illustrative from raw._loads
),

typed as (
    select
        r.dossier_id,
        p.value as province_code,
        p.unit_set,
        coalesce(l.value, 'all') as level,
        coalesce(f.value, '') as field,
        a.value as agency,
        r.procedure_code,
        coalesce(c.value, 'unknown') as channel,
        s.value as status_reported,
        raw.dossier_date(r.received_date) as received_date,
        raw.dossier_date(r.due_date) as due_date,
        raw.dossier_date(r.resolved_date) as resolved_date,
        coalesce(ld.illustrative, false) as illustrative,
        r._load_id as load_id,
        r._source_row as source_row
    from source as r
    join vals as p on p.load_id = r._load_id and p.column_name = 'province' and p.input = r.province
        and p.year = year(raw.dossier_date(r.received_date))
    left join vals as l on l.load_id = r._load_id and l.column_name = 'level' and l.input = r.level
    left join vals as f on f.load_id = r._load_id and f.column_name = 'field' and f.input = r.field
    left join vals as a on a.load_id = r._load_id and a.column_name = 'agency' and a.input = r.agency
    left join vals as c on c.load_id = r._load_id and c.column_name = 'channel' and c.input = r.channel
    left join vals as s on s.load_id = r._load_id and s.column_name = 'status' and s.input = r.status
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
