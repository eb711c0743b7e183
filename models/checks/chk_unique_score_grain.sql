-- check: one row per province x year x index x component x map
select province_code, unit_set, year, index_id, component_code, count(*) as n
from core.fct_index_score
group by all
having count(*) > 1
