-- grain: one row per map x unit x year with dossier figures x indicator of the national service index (Decision 766): the indicator's percentage where the loaded data allow it, scored min(1, pct / threshold) x points; a proxy, not the published index
with rates as (
    select * from marts.mart_dossier_rates where breakdown = 'province'
),

indicators as (
    select * from ref.service_index_766
),

measured as (
    select r.unit_set, r.province_code, r.province_name, r.year, r.illustrative, i.indicator,
        i.group_code, i.group_vi, i.group_en, i.name_vi, i.name_en, i.points, i.threshold_pct, i.metric,
        100 * case i.metric
            when 'on_time_rate_resolved' then r.on_time_rate_resolved
            when 'online_share' then r.online_share
            when 'satisfaction_rate' then r.satisfaction_rate
        end as pct
    from rates as r
    cross join indicators as i
),

scored as (
    select
        *,
        pct is not null as computed,
        -- least() skips NULLs in DuckDB, so an indicator with no percentage is scored NULL explicitly
        case when pct is not null then least(1, pct / threshold_pct) * points end as score,
        sum(case when pct is not null then least(1, pct / threshold_pct) * points end) over unit_year as proxy_score,
        sum(case when pct is not null then points end) over unit_year as proxy_max,
        string_agg(case when pct is null then indicator end, ',' order by indicator) over unit_year as not_computed
    from measured
    window unit_year as (partition by unit_set, province_code, year)
),

-- the proxy in percent of the points its computable indicators carry
final as (
    select *, round(100 * proxy_score / nullif(proxy_max, 0), 6) as proxy_pct
    from scored
)

select * from final
