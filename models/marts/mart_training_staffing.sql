-- grain: one row per province x map x year with staffing: as loaded, and before the 2025 merger re-summed onto the 34 units when every constituent province has a count
with staffing as (
    select * from staging.stg_staffing
),

members as (
    select * from core.dim_unit_member
),

expected as (
    select m.unit_code, y.year, count(*) as n_expected
    from members as m
    join (select distinct year from staffing where unit_set = '63') as y
        on make_date(y.year, 1, 1) >= m.valid_from and make_date(y.year, 1, 1) < m.valid_to
    group by all
),

resummed as (
    select
        m.unit_code as province_code,
        '34' as unit_set,
        s.year,
        -- a sum only where every constituent reported that count
        case when count(s.civil_servants) = e.n_expected then sum(s.civil_servants) end as civil_servants,
        case when count(s.public_employees) = e.n_expected then sum(s.public_employees) end as public_employees,
        case when count(s.commune_officials) = e.n_expected then sum(s.commune_officials) end as commune_officials,
        count(*) as n_constituents
    from staffing as s
    join members as m on m.member_code = s.province_code
    join expected as e on e.unit_code = m.unit_code and e.year = s.year
    where s.unit_set = '63'
    group by m.unit_code, s.year, e.n_expected
    having count(*) = e.n_expected
),

final as (
    select province_code, unit_set, year, civil_servants, public_employees, commune_officials, 1 as n_constituents
    from staffing
    union all
    select * from resummed
)

select * from final
