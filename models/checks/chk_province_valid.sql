-- check: every score's province is a unit of its map in force in that year
select distinct s.index_id, s.year, s.province_code, s.unit_set
from core.fct_index_score as s
left join core.dim_province as p on p.province_code = s.province_code and p.unit_set = s.unit_set
where p.province_code is null
   or make_date(s.year, 12, 31) < p.valid_from and s.unit_set = '34'
   or make_date(s.year, 1, 1) >= p.valid_to
