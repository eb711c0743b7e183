-- grain: one row per unit x map x year x index x component x weight scheme: scores as reported, and 34-unit estimates for years before the 2025 merger as the weighted mean of the constituent provinces (weights equal, or population, civil servants (staffing) or dossiers received where loaded for every constituent), flagged as estimated when a unit has more than one constituent; training and dossier measures join as reported rows (marts.mart_training_scores, marts.mart_dossier_scores)
-- slice: index_id, year
with scores as (
    select * from core.fct_index_score
),

members as (
    select * from core.dim_unit_member
),

-- what each weight scheme weighs a former province by, per year: population,
-- civil servants (staffing) and dossiers received
weight_sources as (
    select 'population' as weight_scheme, province_code, year, population as value
    from staging.stg_population where unit_set = '63' and population > 0
    union all
    select 'staffing', province_code, year, civil_servants
    from staging.stg_staffing where unit_set = '63' and civil_servants > 0
    union all
    select 'dossiers', province_code, year, received
    from marts.mart_dossier_rates where unit_set = '63' and breakdown = 'province' and received > 0
),

native as (
    select
        province_code, unit_set, year, index_id, component_code, score, official_rank, value_type,
        illustrative, 'reported' as weight_scheme, false as estimated, null::varchar as constituents,
        1 as n_constituents, ci_lower, ci_upper, std_error, official_group
    from scores
),

-- every constituent expected for a unit in a year
expected as (
    select m.unit_code, y.year, count(*) as n_expected
    from members as m
    join (select distinct year from scores where unit_set = '63') as y
        on make_date(y.year, 1, 1) >= m.valid_from and make_date(y.year, 1, 1) < m.valid_to
    group by all
),

member_scores as (
    select m.unit_code, m.member_code, m.member_name, s.*
    from scores as s
    join members as m on m.member_code = s.province_code
    where s.unit_set = '63'
),

-- each scheme's weight of the closest year to the score's year, per constituent
member_weights as (
    select my.member_code, my.year, w.weight_scheme,
        arg_min(w.value, abs(w.year - my.year)) as value
    from (select distinct member_code, year from member_scores) as my
    join weight_sources as w on w.province_code = my.member_code
    group by all
),

weighted as (
    select ms.*, 'equal' as weight_scheme, 1.0 as raw_weight from member_scores as ms
    union all
    select ms.*, mw.weight_scheme, mw.value
    from member_scores as ms
    join member_weights as mw on mw.member_code = ms.member_code and mw.year = ms.year
),

normalised as (
    select *, raw_weight / sum(raw_weight) over (partition by unit_code, year, index_id, component_code, weight_scheme) as weight
    from weighted
),

-- each estimate's constituents, sorted by province code (the first field): a list, not an
-- ordered aggregate, which would sort every group apart (four times slower)
grouped as (
    select
        n.unit_code, n.year, n.index_id, n.component_code, n.weight_scheme,
        list_sort(list({'province_code': n.member_code, 'province': n.member_name, 'weight': n.weight, 'score': n.score})) as parts,
        min(n.value_type) as value_type,
        bool_or(n.illustrative) as illustrative
    from normalised as n
    join expected as e on e.unit_code = n.unit_code and e.year = n.year
    group by n.unit_code, n.year, n.index_id, n.component_code, n.weight_scheme, e.n_expected
    having count(*) = e.n_expected
),

estimates as (
    select
        g.unit_code as province_code,
        '34' as unit_set,
        g.year,
        g.index_id,
        g.component_code,
        list_sum(list_transform(g.parts, p -> p.weight * p.score)) as score, -- in the list's order: the same bits every build
        null::integer as official_rank,
        case when len(g.parts) > 1 then 'estimated_weighted_mean' else g.value_type end as value_type,
        g.illustrative,
        g.weight_scheme,
        len(g.parts) > 1 as estimated,
        to_json(list_transform(g.parts, p -> {'province_code': p.province_code, 'province': p.province, 'weight': round(p.weight, 6), 'score': p.score}))::varchar as constituents,
        len(g.parts) as n_constituents,
        null::double as ci_lower,
        null::double as ci_upper,
        null::double as std_error,
        null::varchar as official_group
    from grouped as g
),

final as (
    select * from native
    union all
    select * from estimates
    union all by name
    select * from marts.mart_training_scores
    union all by name
    select * from marts.mart_dossier_scores
)

select * from final
