-- grain: one row per province x map x year with a loaded population, typed from raw.population
select
    province_code,
    unit_set,
    try_cast(year as integer) as year,
    try_cast(population as double) as population,
    _load_id as load_id
from raw.population
where _superseded_by is null -- the rows in force
