-- grain: one row per unit x map x year that has both dossier records and dossier statistics loaded: the records are used (core.fct_dossier_period), and what each source holds is kept so the user can be told what was set aside
-- slice: unit_set, province_code
with stats as (
    select unit_set, province_code, year, count(*) as stat_rows,
        sum(coalesce(received_total,
            coalesce(received_online, coalesce(received_online_partial, 0) + coalesce(received_online_full, 0))
            + coalesce(received_direct, 0) + coalesce(received_postal, 0))) as stats_received,
        string_agg(distinct period_type, ',' order by period_type) as stat_periods
    from staging.stg_dossier_stats
    group by all
),

-- the records' months as core rolled them up (one pass over the records, made there)
records as (
    select unit_set, province_code, year, cast(sum(received) as bigint) as records_received,
        count(distinct period_no) filter (received > 0) as record_months
    from core.fct_dossier_period
    where source = 'records'
    group by all
    having sum(received) > 0
),

provinces as (
    select * from core.dim_province
),

final as (
    select s.unit_set, s.province_code, p.name_vi as province_name, s.year,
        r.records_received, r.record_months, s.stat_rows, s.stats_received, s.stat_periods
    from stats as s
    join records as r on r.unit_set = s.unit_set and r.province_code = s.province_code and r.year = s.year
    left join provinces as p on p.province_code = s.province_code and p.unit_set = s.unit_set
)

select * from final
