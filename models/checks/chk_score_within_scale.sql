-- check: every score lies within its component's scale for that year (tolerance 0.01 for published rounding)
select
    s.index_id, s.year, s.component_code, s.province_code, s.score, c.scale_min, c.scale_max
from core.fct_index_score as s
join core.dim_index_component as c
    on c.index_id = s.index_id and c.component_code = s.component_code
    and s.year between c.valid_from and c.valid_to
where s.score < c.scale_min - 0.01 or s.score > c.scale_max + 0.01
