-- grain: one row per unit x year x index x component x map (63 or 34 units) x weight scheme (reported, or equal / population for 34-unit estimates) with a score: rank, percentile, gaps and the group (the source's own where published, else the index's rule)
-- slice: index_id, year
with scores as (
    select * from marts.mart_unit_scores
),

provinces as (
    select * from core.dim_province
),

components as (
    select * from core.dim_index_component
),

groups as (
    select * from core.dim_index_group
),

named as (
    select
        s.*,
        p.name_vi as province_name,
        p.name_en as province_name_en,
        c.name_vi as component_name_vi,
        c.name_en as component_name_en,
        c.direction,
        c.group_method,
        case when c.direction = 'lower_better' then -s.score else s.score end as order_score
    from scores as s
    join provinces as p on p.province_code = s.province_code and p.unit_set = s.unit_set
    left join components as c
        on c.index_id = s.index_id and c.component_code = s.component_code
        and s.year between c.valid_from and c.valid_to
),

ranked as (
    select
        *,
        rank() over w_desc as rank,
        count(*) over w_all as n_ranked,
        percent_rank() over w_asc as pct,
        max(order_score) over w_all as leader_order_score,
        median(score) over w_all as median_score,
        avg(score) over w_all as mean_score,
        stddev_pop(score) over w_all as sd_score
    from named
    window
        w_all as (partition by index_id, component_code, year, unit_set, weight_scheme),
        w_desc as (partition by index_id, component_code, year, unit_set, weight_scheme order by order_score desc),
        w_asc as (partition by index_id, component_code, year, unit_set, weight_scheme order by order_score asc)
),

-- the source's own tier (PCI's "Nhóm xếp hạng") wins over the reconstruction
grouped as (
    select
        w.*,
        coalesce(og.group_code, g.group_code) as group_code,
        case when w.official_group is not null then coalesce(og.label_vi, w.official_group) else g.label_vi end as group_vi,
        case when w.official_group is not null then coalesce(og.label_en, w.official_group) else g.label_en end as group_en,
        w.official_group is not null as group_official
    from ranked as w
    left join groups as og
        on og.index_id = w.index_id
        and lower(w.official_group) in (lower(og.label_vi), lower(og.label_en))
    left join groups as g
        on g.index_id = w.index_id
        -- groups relative to the field (quartiles, z-scores) need a field: 20 units or more
        and (g.group_method = 'thresholds' or w.n_ranked >= 20)
        and (
            case g.group_method
                when 'thresholds' then w.score
                when 'quartiles' then w.pct
                when 'zscore' then (w.score - w.mean_score) / nullif(w.sd_score, 0)
            end
        ) >= coalesce(g.lower_bound, -1e308)
        and (
            case g.group_method
                when 'thresholds' then w.score
                when 'quartiles' then w.pct
                when 'zscore' then (w.score - w.mean_score) / nullif(w.sd_score, 0)
            end
        ) < coalesce(g.upper_bound, 1e308)
),

final as (
    select
        index_id,
        component_code,
        component_name_vi,
        component_name_en,
        year,
        unit_set,
        province_code,
        province_name,
        province_name_en,
        score,
        ci_lower,
        ci_upper,
        std_error,
        value_type,
        weight_scheme,
        estimated,
        constituents,
        n_constituents,
        rank,
        n_ranked,
        official_rank,
        official_rank is not null and official_rank <> rank as rank_disagrees,
        round(100 * pct, 1) as percentile,
        abs(leader_order_score - order_score) as gap_to_leader,
        score - median_score as gap_to_median,
        group_code,
        group_vi,
        group_en,
        group_official,
        illustrative
    from grouped
)

select * from final
