-- grain: one row per unit x map x year x dossier index (the two on-time rates, early share, online shares, satisfaction, the Decision 766 proxy) with a value, in percent, shaped like marts.mart_unit_scores so that dossier measures rank like any index; 34-unit rows before the 2025 merger are exact re-sums of counts (not estimates)
with rates as (
    select * from marts.mart_dossier_rates where breakdown = 'province'
),

proxy as (
    select distinct unit_set, province_code, year, proxy_pct
    from marts.mart_service_index_proxy
),

long as (
    select unit_set, province_code, year, illustrative, members_reporting, index_id, score
    from rates
    cross join lateral (values
        ('dossier_on_time', 100 * on_time_rate_resolved),
        ('dossier_on_time_handled', 100 * on_time_rate_handled),
        ('dossier_early', 100 * early_share),
        ('dossier_online', 100 * online_share),
        ('dossier_online_full', 100 * online_full_share),
        ('satisfaction', 100 * satisfaction_rate)) as v(index_id, score)
    where score is not null
    union all
    -- the 766 proxy in percent of the points its computable indicators carry
    select r.unit_set, r.province_code, r.year, r.illustrative, r.members_reporting, 'service_766_proxy', p.proxy_pct
    from rates as r
    join proxy as p using (unit_set, province_code, year)
    where p.proxy_pct is not null
),

final as (
    select
        province_code,
        unit_set,
        year,
        index_id,
        'TOTAL' as component_code,
        score,
        null::integer as official_rank,
        'reported' as value_type,
        illustrative,
        'reported' as weight_scheme,
        false as estimated,
        null::varchar as constituents,
        members_reporting as n_constituents,
        null::double as ci_lower,
        null::double as ci_upper,
        null::double as std_error
    from long
)

select * from final
