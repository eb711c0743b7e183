-- grain: one row per 34-unit x constituent old province (the 2025 crosswalk, plus Hà Tây through its 2008 successor Hà Nội)
with crosswalk as (
    select old_code, new_code from ref.crosswalk_2025
),

provinces as (
    select * from core.dim_province where unit_set = '63'
),

final as (
    select
        coalesce(c.new_code, c2.new_code) as unit_code,
        p.province_code as member_code,
        p.name_vi as member_name,
        p.valid_from,
        p.valid_to
    from provinces as p
    left join crosswalk as c on c.old_code = p.province_code
    -- a province that ended before 2025 (Hà Tây) joins its successor's unit
    left join crosswalk as c2 on c.old_code is null and c2.old_code = p.successor_code
)

select * from final
