-- grain: one row per loaded dossier-statistics row: unit x map x period x level x field, typed from raw.dossier_stats
-- slice: unit_set, province_code
with source as (
    select * from raw.dossier_stats
    where _superseded_by is null -- the rows in force
),

loads as (
    select load_id, illustrative from raw._loads
),

typed as (
    select
        s.province_code,
        s.unit_set,
        cast(s.year as integer) as year,
        s.period_type,
        cast(s.period_no as integer) as period_no,
        s.level,
        coalesce(s.field, '') as field,
        try_cast(s.received_total as bigint) as received_total,
        try_cast(s.received_online as bigint) as received_online,
        try_cast(s.received_online_partial as bigint) as received_online_partial,
        try_cast(s.received_online_full as bigint) as received_online_full,
        try_cast(s.received_direct as bigint) as received_direct,
        try_cast(s.received_postal as bigint) as received_postal,
        try_cast(s.carried_over as bigint) as carried_over,
        try_cast(s.resolved_total as bigint) as resolved_total,
        try_cast(s.resolved_early as bigint) as resolved_early,
        try_cast(s.resolved_on_time as bigint) as resolved_on_time,
        try_cast(s.resolved_late as bigint) as resolved_late,
        try_cast(s.pending_total as bigint) as pending_total,
        try_cast(s.pending_in_time as bigint) as pending_in_time,
        try_cast(s.pending_overdue as bigint) as pending_overdue,
        try_cast(s.returned as bigint) as returned,
        coalesce(l.illustrative, false) as illustrative,
        s._load_id as load_id,
        s._source_file as source_file,
        s._source_row as source_row
    from source as s
    left join loads as l on l.load_id = s._load_id
),

final as (
    select
        *,
        case period_type
            when 'year' then make_date(year, 1, 1)
            when 'quarter' then make_date(year, 3 * period_no - 2, 1)
            else make_date(year, period_no, 1)
        end as period_start,
        case period_type
            when 'year' then make_date(year, 12, 31)
            when 'quarter' then cast(make_date(year, 3 * period_no - 2, 1) + interval 3 month - interval 1 day as date)
            else cast(make_date(year, period_no, 1) + interval 1 month - interval 1 day as date)
        end as period_end
    from typed
)

select * from final
