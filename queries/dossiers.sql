-- name: DossierRates :many
-- Dossier counts and rates of one year on one map, one row per unit and
-- breakdown key; $4 = '' for every unit.
select
    unit_set, province_code, province_name, province_name_en, year, breakdown, breakdown_key, source,
    coalesce(period_types, '') as period_types,
    received, received_online_partial, received_online_full, received_online, received_direct, received_postal,
    carried_over, to_handle, resolved, resolved_early, resolved_on_time, resolved_late,
    pending, pending_in_time, pending_overdue, returned, status_disagrees,
    on_time_rate_resolved, on_time_rate_handled, early_share, online_share, online_partial_share,
    online_full_share, postal_share, channel_share,
    forms, satisfaction_rate, illustrative, members_reporting, resummed
from marts.mart_dossier_rates
where year = $1 and unit_set = $2 and breakdown = $3 and ($4 = '' or province_code = $4)
order by province_name collate vi, province_code, breakdown_key;

-- name: DossierYears :many
-- The years with dossiers received on a map (records resolved in the next
-- year alone do not make it a year with figures).
select distinct year from marts.mart_dossier_rates
where unit_set = $1 and breakdown = 'province' and received > 0
order by year;

-- name: ServiceIndexProxy :many
-- The Decision 766 proxy of one year on one map: one row per unit and
-- indicator (computable or not), by unit then indicator.
select province_code, province_name, indicator, group_code, name_vi, name_en, points, threshold_pct,
    round(pct, 6), round(score, 6), round(proxy_score, 6), round(proxy_max, 6), proxy_pct,
    coalesce(not_computed, '') as not_computed, illustrative
from marts.mart_service_index_proxy
where year = $1 and unit_set = $2 and ($3 = '' or province_code = $3)
order by province_name collate vi, province_code, indicator;

-- name: DossierSourceOverlaps :many
-- Units of a year whose dossier statistics were set aside for their records.
select province_code, coalesce(province_name, province_code) as province_name, records_received, record_months,
    stats_received, stat_periods
from marts.mart_dossier_source_overlaps
where year = $1 and unit_set = $2
order by province_code;
