-- grain: one row per province x map x year with loaded staffing counts, typed from raw.staffing
select
    province_code,
    unit_set,
    try_cast(year as integer) as year,
    try_cast(civil_servants as bigint) as civil_servants,
    try_cast(public_employees as bigint) as public_employees,
    try_cast(commune_officials as bigint) as commune_officials,
    _load_id as load_id
from raw.staffing
where _superseded_by is null -- the rows in force
