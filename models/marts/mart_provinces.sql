-- grain: one row per provincial unit and map (63 or 34), with validity and, for the 34 units, their constituents
with provinces as (
    select * from core.dim_province
),

members as (
    select unit_code, string_agg(member_name, ', ' order by member_name collate vi) as member_names,
        string_agg(member_code, ',' order by member_code) as member_codes
    from core.dim_unit_member
    group by unit_code
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
        case when p.unit_set = '34' then m.member_names end as constituent_names
    from provinces as p
    left join members as m on m.unit_code = p.province_code and p.unit_set = '34'
)

select * from final
