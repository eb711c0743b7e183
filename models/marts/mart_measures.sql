-- grain: one row per measure with values: an index component (its parent, level, scale, direction and the index's names) or a dossier figure, with the years and maps it has values for
with components as (
    select * from core.dim_index_component
),

indices as (
    select * from ref.indices
),

index_years as (
    select index_id, component_code, min(year) as first_year, max(year) as last_year,
        string_agg(distinct unit_set, ',' order by unit_set) as unit_sets
    from marts.mart_index_rankings
    group by all
),

-- years with dossiers received (records resolved in the next year alone do not make one)
dossier_years as (
    select d.index_id, min(d.year) as first_year, max(d.year) as last_year,
        string_agg(distinct d.unit_set, ',' order by d.unit_set) as unit_sets
    from marts.mart_dossier_rankings as d
    join marts.mart_dossier_rates as r
        on r.unit_set = d.unit_set and r.province_code = d.province_code and r.year = d.year
        and r.breakdown = 'province' and r.received > 0
    group by all
),

-- the names a component goes by in its latest range of years
latest_components as (
    select
        index_id,
        component_code,
        arg_max(parent_code, valid_to) as parent_code,
        arg_max(level, valid_to) as level,
        arg_max(name_vi, valid_to) as name_vi,
        arg_max(name_en, valid_to) as name_en,
        arg_max(scale_min, valid_to) as scale_min,
        arg_max(scale_max, valid_to) as scale_max,
        min(rowid) as ord
    from (select *, row_number() over () as rowid from components)
    group by index_id, component_code
),

index_measures as (
    select
        case when c.index_id like 'training%' then 'training' else 'index' end as family,
        c.index_id,
        c.component_code,
        coalesce(c.parent_code, '') as parent_code,
        c.level,
        c.name_vi,
        c.name_en,
        i.name_vi as index_name_vi,
        i.name_en as index_name_en,
        i.unit,
        i.direction,
        c.scale_min,
        c.scale_max,
        y.first_year,
        y.last_year,
        y.unit_sets,
        c.ord
    from latest_components as c
    join indices as i on i.index_id = c.index_id
    join index_years as y on y.index_id = c.index_id and y.component_code = c.component_code
),

-- dossier figures are computed in marts.mart_dossier_rankings; these are their names
dossier_names as (
    select * from (values
        ('dossier_on_time', 'Tỷ lệ hồ sơ đúng hạn (trước và đúng hạn / đã giải quyết)', 'On-time rate (early and on time / resolved)', 1),
        ('dossier_on_time_handled', 'Tỷ lệ hồ sơ không trễ hạn (1 - trễ hạn / cần giải quyết)', 'Not-late rate (1 - resolved late / to handle)', 2),
        ('dossier_early', 'Tỷ lệ hồ sơ trước hạn', 'Early share of resolved dossiers', 3),
        ('dossier_online', 'Tỷ lệ hồ sơ trực tuyến', 'Online share of received dossiers', 4),
        ('dossier_online_full', 'Tỷ lệ hồ sơ trực tuyến toàn trình', 'Full-process online share', 5),
        ('satisfaction', 'Tỷ lệ hài lòng (rất hài lòng + hài lòng)', 'Satisfaction rate (very satisfied + satisfied)', 6),
        ('service_766_proxy', 'Ước tính Chỉ số phục vụ (QĐ 766), % số điểm tính được', 'Decision 766 service index proxy, % of computable points', 7)
    ) as v(index_id, name_vi, name_en, ord)
),

dossier_measures as (
    select
        'dossier' as family,
        n.index_id,
        'TOTAL' as component_code,
        '' as parent_code,
        'total' as level,
        n.name_vi,
        n.name_en,
        n.name_vi as index_name_vi,
        n.name_en as index_name_en,
        'percent' as unit,
        'higher_better' as direction,
        0.0 as scale_min,
        100.0 as scale_max,
        y.first_year,
        y.last_year,
        y.unit_sets,
        100000 + n.ord as ord
    from dossier_names as n
    join dossier_years as y on y.index_id = n.index_id
),

final as (
    select * from index_measures
    union all
    select * from dossier_measures
)

select * from final
