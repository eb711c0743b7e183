-- grain: one row per provincial unit and map (63 or 34), with validity and, for the 34 units, their constituents and whether the 2025 merger left the unit whole (one former province under the same code, from the crosswalk; Hà Tây, merged in 2008, does not count)
with provinces as (
    select * from core.dim_province
),

members as (
    select unit_code, string_agg(member_name, ', ' order by member_name collate vi) as member_names,
        string_agg(member_code, ',' order by member_code) as member_codes
    from core.dim_unit_member
    group by unit_code
),

merger as (
    select new_code, count(*) = 1 and bool_and(old_code = new_code) as left_whole
    from ref.crosswalk_2025
    group by new_code
),

final as (
    select
        p.unit_set,
        p.province_code,
        p.name_vi,
        p.name_vi_official,
        p.name_en,
        p.region,
        p.valid_from,
        p.valid_to,
        p.successor_code,
        case when p.unit_set = '34' then m.member_codes end as constituent_codes,
        case when p.unit_set = '34' then m.member_names end as constituent_names,
        p.unit_set = '34' and coalesce(w.left_whole, false) as left_whole
    from provinces as p
    left join members as m on m.unit_code = p.province_code and p.unit_set = '34'
    left join merger as w on w.new_code = p.province_code and p.unit_set = '34'
)

select * from final
