-- grain: one row per map x unit x year x breakdown (province total, level, field, month, channel) x key: dossier counts, backlog and every named rate, with the satisfaction rate on the province totals
with periods as (
    select * from core.fct_dossier_period
),

satisfaction as (
    select * from core.fct_satisfaction_year
),

provinces as (
    select * from core.dim_province
),

members as (
    select * from core.dim_unit_member
),

-- one reporting basis per unit-year-level-field: the annual report if there is one, else quarters, else months
basis as (
    select *,
        min(case period_type when 'year' then 1 when 'quarter' then 2 else 3 end)
            over (partition by unit_set, province_code, year, level, field) as best
    from periods
),

chosen as (
    select * from basis
    where case period_type when 'year' then 1 when 'quarter' then 2 else 3 end = best
),

-- a year, and each month of it, as periods to report on: flows add up, the backlog is the one at the last period end
period_rows as (
    select unit_set, province_code, year, 'year' as period_key, level, field,
        string_agg(distinct source, '+' order by source) as source,
        count(*) as periods, any_value(period_type) as period_type,
        sum(received) as received, sum(received_online_partial) as received_online_partial,
        sum(received_online_full) as received_online_full, sum(received_online) as received_online,
        sum(received_direct) as received_direct, sum(received_postal) as received_postal,
        arg_min(carried_over, period_start) as carried_over,
        sum(resolved) as resolved, sum(resolved_early) as resolved_early,
        sum(resolved_on_time) as resolved_on_time, sum(resolved_late) as resolved_late,
        arg_max(pending, period_end) as pending, arg_max(pending_in_time, period_end) as pending_in_time,
        arg_max(pending_overdue, period_end) as pending_overdue,
        sum(returned) as returned, sum(status_disagrees) as status_disagrees,
        bool_or(illustrative) as illustrative
    from chosen
    group by all
    union all
    select unit_set, province_code, year, lpad(cast(period_no as varchar), 2, '0'), level, field,
        source, 1, period_type,
        received, received_online_partial, received_online_full, received_online, received_direct, received_postal,
        carried_over, resolved, resolved_early, resolved_on_time, resolved_late,
        pending, pending_in_time, pending_overdue, returned, status_disagrees, illustrative
    from periods
    where period_type = 'month'
),

-- a report may give an all-levels row beside the levels, or an all-fields row beside the fields: never count both
flagged as (
    select *,
        bool_or(level = 'all') over (partition by unit_set, province_code, year, period_key) as has_all_levels,
        bool_or(field = '') over (partition by unit_set, province_code, year, period_key, level) as has_all_fields,
        bool_or(level = 'all') over (partition by unit_set, province_code, year, period_key, field) as field_has_all_levels
    from period_rows
),

slices as (
    select 'province' as breakdown, '' as breakdown_key, * from flagged
    where period_key = 'year' and (not has_all_levels or level = 'all') and (not has_all_fields or field = '')
    union all
    select 'level', level, * from flagged
    where period_key = 'year' and level <> 'all' and (not has_all_fields or field = '')
    union all
    select 'field', field, * from flagged
    where period_key = 'year' and field <> '' and (not field_has_all_levels or level = 'all')
    union all
    select 'month', period_key, * from flagged
    where period_key <> 'year' and (not has_all_levels or level = 'all') and (not has_all_fields or field = '')
),

summed_own as (
    select unit_set, province_code, year, breakdown, breakdown_key,
        string_agg(distinct source, '+' order by source) as source,
        sum(received) as received, sum(received_online_partial) as received_online_partial,
        sum(received_online_full) as received_online_full, sum(received_online) as received_online,
        sum(received_direct) as received_direct, sum(received_postal) as received_postal,
        sum(carried_over) as carried_over, sum(resolved) as resolved, sum(resolved_early) as resolved_early,
        sum(resolved_on_time) as resolved_on_time, sum(resolved_late) as resolved_late,
        sum(pending) as pending, sum(pending_in_time) as pending_in_time, sum(pending_overdue) as pending_overdue,
        sum(returned) as returned, sum(status_disagrees) as status_disagrees,
        bool_or(illustrative) as illustrative,
        string_agg(distinct period_type, ',' order by period_type) as period_types
    from slices
    group by all
),

-- the 34-unit map before the merger: each breakdown re-summed exactly from the constituent provinces
summed as (
    select *, 1 as members_reporting, false as resummed from summed_own
    union all by name
    select '34' as unit_set, m.unit_code as province_code, o.year, o.breakdown, o.breakdown_key,
        string_agg(distinct o.source, '+' order by o.source) as source,
        sum(o.received) as received, sum(o.received_online_partial) as received_online_partial,
        sum(o.received_online_full) as received_online_full, sum(o.received_online) as received_online,
        sum(o.received_direct) as received_direct, sum(o.received_postal) as received_postal,
        sum(o.carried_over) as carried_over, sum(o.resolved) as resolved, sum(o.resolved_early) as resolved_early,
        sum(o.resolved_on_time) as resolved_on_time, sum(o.resolved_late) as resolved_late,
        sum(o.pending) as pending, sum(o.pending_in_time) as pending_in_time, sum(o.pending_overdue) as pending_overdue,
        sum(o.returned) as returned, sum(o.status_disagrees) as status_disagrees,
        bool_or(o.illustrative) as illustrative,
        string_agg(distinct o.period_types, ',' order by o.period_types) as period_types,
        count(*) as members_reporting, true as resummed
    from summed_own as o
    join members as m on m.member_code = o.province_code
    where o.unit_set = '63'
    group by all
),

-- received by channel, from the province totals
channels as (
    select s.unit_set, s.province_code, s.year, 'channel' as breakdown, c.channel as breakdown_key, s.source,
        c.n as received, null as received_online_partial, null as received_online_full, null as received_online,
        null as received_direct, null as received_postal, null as carried_over, null as resolved,
        null as resolved_early, null as resolved_on_time, null as resolved_late, null as pending,
        null as pending_in_time, null as pending_overdue, null as returned, null as status_disagrees,
        s.illustrative, s.members_reporting, s.resummed, s.period_types, s.received as channel_base
    from summed as s
    cross join lateral (values
        ('online_partial', s.received_online_partial),
        ('online_full', s.received_online_full),
        ('online_unspecified', s.received_online - coalesce(s.received_online_partial, 0) - coalesce(s.received_online_full, 0)),
        ('direct', s.received_direct),
        ('postal', s.received_postal)) as c(channel, n)
    where s.breakdown = 'province' and c.n is not null
),

-- a unit-year with satisfaction tallies but no dossier figures still gets its province row
satisfaction_only as (
    select s.unit_set, s.province_code, s.year, 'province' as breakdown, '' as breakdown_key, 'satisfaction' as source,
        s.illustrative, s.unit_set = '34' and s.year < 2025 as resummed, 0 as members_reporting
    from satisfaction as s
    where not exists (
        select 1 from summed as x
        where x.breakdown = 'province' and x.unit_set = s.unit_set and x.province_code = s.province_code and x.year = s.year
    )
),

all_rows as (
    select *, cast(null as bigint) as channel_base from summed
    union all by name
    select * from channels
    union all by name
    select * from satisfaction_only
),

final as (
    select
        a.unit_set, a.province_code, p.name_vi as province_name, p.name_en as province_name_en,
        a.year, a.breakdown, a.breakdown_key, a.source, a.period_types,
        a.received, a.received_online_partial, a.received_online_full, a.received_online,
        a.received_direct, a.received_postal, a.carried_over,
        a.received + coalesce(a.carried_over, 0) as to_handle,
        a.resolved, a.resolved_early, a.resolved_on_time, a.resolved_late,
        a.pending, a.pending_in_time, a.pending_overdue, a.returned, a.status_disagrees,
        -- the two on-time rates in use: early or on time among resolved; 1 - resolved late among
        -- dossiers to handle (received + carried over); the overdue backlog is reported beside them
        (a.resolved_early + a.resolved_on_time) / nullif(a.resolved, 0) as on_time_rate_resolved,
        1 - a.resolved_late / nullif(a.received + coalesce(a.carried_over, 0), 0) as on_time_rate_handled,
        a.resolved_early / nullif(a.resolved, 0) as early_share,
        a.received_online / nullif(a.received, 0) as online_share,
        a.received_online_partial / nullif(a.received, 0) as online_partial_share,
        a.received_online_full / nullif(a.received, 0) as online_full_share,
        a.received_postal / nullif(a.received, 0) as postal_share,
        a.received / nullif(a.channel_base, 0) as channel_share,
        s.forms, s.very_satisfied, s.satisfied, s.neutral, s.dissatisfied,
        (s.very_satisfied + s.satisfied) / nullif(s.forms, 0) as satisfaction_rate,
        a.illustrative or coalesce(s.illustrative, false) as illustrative,
        a.members_reporting, a.resummed
    from all_rows as a
    join provinces as p on p.province_code = a.province_code and p.unit_set = a.unit_set
    left join satisfaction as s
        on a.breakdown = 'province' and s.unit_set = a.unit_set and s.province_code = a.province_code and s.year = a.year
)

select * from final
