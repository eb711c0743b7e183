-- grain: one row per index x group of the index's own grouping (PAR A/B, PCI tiers, PAPI quartiles)
with groups as (
    select * from ref.index_groups
),

indices as (
    select * from ref.indices
),

final as (
    select
        g.index_id,
        g.group_code,
        g.label_vi,
        g.label_en,
        g.lower_bound,
        g.upper_bound,
        i.group_method
    from groups as g
    join indices as i on i.index_id = g.index_id
)

select * from final
