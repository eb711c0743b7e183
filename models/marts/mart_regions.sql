-- grain: one row per socio-economic region of the GSO (the six regions the 63 provinces belong to), in reference order
with regions as (
    select *, row_number() over () as ord from ref.regions
),

final as (
    select code as region_code, name_vi, name_en, ord
    from regions
)

select * from final
