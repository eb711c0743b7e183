-- grain: one row per map x year x dossier index (on-time rates, online share, satisfaction, the Decision 766 proxy) x unit with a value: the value in percent, its rank (ties share a rank) and percentile
with rates as (
    select * from marts.mart_dossier_rates where breakdown = 'province'
),

proxy as (
    select distinct unit_set, province_code, year, proxy_score, proxy_max, not_computed
    from marts.mart_service_index_proxy
),

values_long as (
    select unit_set, province_code, province_name, province_name_en, year, illustrative, resummed, members_reporting, index_id, score
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
    select r.unit_set, r.province_code, r.province_name, r.province_name_en, r.year, r.illustrative, r.resummed, r.members_reporting,
        'service_766_proxy', 100 * p.proxy_score / p.proxy_max
    from rates as r
    join proxy as p using (unit_set, province_code, year)
    where p.proxy_max > 0
),

final as (
    select
        *,
        rank() over (partition by unit_set, year, index_id order by score desc) as rank,
        count(*) over (partition by unit_set, year, index_id) as n_ranked,
        100 * (1 - percent_rank() over (partition by unit_set, year, index_id order by score desc)) as percentile
    from values_long
)

select * from final
