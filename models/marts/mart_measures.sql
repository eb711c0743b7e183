-- grain: one row per measure with values: a component of a published index, a training or a dossier measure (its parent, level, scale, direction, the index's names, owner and total rule), with the years and maps it has values for
with components as (
    select * from core.dim_index_component
),

indices as (
    -- in reference order: PAR, PAPI, PCI, SIPAS, then cchc's own measures
    select *, row_number() over () as index_ord from ref.indices
),

index_years as (
    select index_id, component_code, min(year) as first_year, max(year) as last_year,
        string_agg(distinct unit_set, ',' order by unit_set) as unit_sets
    from marts.mart_index_rankings
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
        -- the published indices, and the measures cchc computes from training and dossier records (training_* and the rest)
        case when i.kind = 'published' then 'index' when c.index_id like 'training%' then 'training' else 'dossier' end as family,
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
        c.ord,
        -- how the total relates to its parts: sum_of_children (PAPI) or reported
        i.total_rule,
        i.owner_vi,
        i.owner_en,
        i.index_ord
    from latest_components as c
    join indices as i on i.index_id = c.index_id
    join index_years as y on y.index_id = c.index_id and y.component_code = c.component_code
),

final as (
    select * from index_measures
)

select * from final
