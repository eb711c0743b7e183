-- check: every dossier figure's unit is a unit of its map in force in that year (63 units before 2025, 34 from 2025)
select distinct f.unit_set, f.province_code, f.year, f.source
from core.fct_dossier_period as f
left join core.dim_province as p on p.province_code = f.province_code and p.unit_set = f.unit_set
where p.province_code is null
   or f.unit_set = '34' and f.year < 2025
   or f.unit_set = '63' and make_date(f.year, 1, 1) >= p.valid_to
