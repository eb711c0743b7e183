-- grain: one row per provincial unit and map (63 or 34) in force on or after 2008 (Hà Tây, merged into Hà Nội that year, has no tile): its names, region and tile on the dashboard's tile map (ref.tile_layout)
with provinces as (
    select * from marts.mart_provinces
),

tiles as (
    select * from ref.tile_layout
),

final as (
    select
        p.unit_set,
        p.province_code,
        p.name_vi,
        p.name_en,
        coalesce(p.region, '') as region,
        coalesce(p.constituent_names, '') as constituent_names,
        t.tile_row,
        t.tile_col
    from provinces as p
    join tiles as t on t.unit_set = p.unit_set and t.code = p.province_code
)

select * from final
