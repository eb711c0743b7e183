-- grain: one row per training class x map: every class on the map it was reported on, and classes before the 2025 merger again on the 34-unit map under the unit their province joined (counts re-sum exactly)
with classes as (
    select * from core.fct_training_class
),

members as (
    select * from core.dim_unit_member
),

provinces as (
    select * from core.dim_province
),

on_both_maps as (
    select c.*, c.province_code as member_code, false as resummed from classes as c
    union all
    select c.* replace (m.unit_code as province_code, '34' as unit_set), c.province_code, true
    from classes as c
    join members as m on m.member_code = c.province_code
    where c.unit_set = '63'
),

final as (
    select
        b.unit_set,
        b.province_code,
        p.name_vi as province_name,
        b.* exclude (unit_set, province_code)
    from on_both_maps as b
    join provinces as p on p.province_code = b.province_code and p.unit_set = b.unit_set
)

select * from final
