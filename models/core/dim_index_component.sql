-- grain: one row per index x component x range of years with the same name and scale
with components as (
    select * from ref.index_components
),

indices as (
    select * from ref.indices
),

final as (
    select
        c.index_id,
        c.code as component_code,
        nullif(c.parent, '') as parent_code,
        c.level,
        c.valid_from,
        coalesce(c.valid_to, 9999) as valid_to,
        c.scale_min,
        c.scale_max,
        c.name_vi,
        c.name_en,
        i.name_vi as index_name_vi,
        i.name_en as index_name_en,
        i.direction,
        i.total_rule,
        i.group_method
    from components as c
    join indices as i on i.index_id = c.index_id
)

select * from final
