-- grain: one row per provincial unit and map: the 63-unit map (with Hà Tây, which ended in 2008) and the 34-unit map from 2025-07-01
with old_units as (
    select * from ref.provinces
),

new_units as (
    select * from ref.units_2025
),

crosswalk as (
    select new_code, string_agg(old_code, ',' order by old_code) as constituents
    from ref.crosswalk_2025
    group by new_code
),

final as (
    select
        code as province_code,
        '63' as unit_set,
        name_vi_common as name_vi,
        name_vi_official,
        name_en,
        region,
        pci_id,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        successor_code,
        null as constituents
    from old_units
    union all
    select
        n.code,
        '34',
        n.name_vi,
        n.name_vi_official,
        n.name_en,
        null,
        null,
        cast(n.valid_from as date),
        null,
        null,
        c.constituents
    from new_units as n
    left join crosswalk as c on c.new_code = n.code
)

select * from final
