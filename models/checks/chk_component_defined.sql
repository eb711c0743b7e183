-- check: every score belongs to a component the index defines for that year
select distinct s.index_id, s.year, s.component_code
from core.fct_index_score as s
where not exists (
    select 1 from core.dim_index_component as c
    where c.index_id = s.index_id and c.component_code = s.component_code
      and s.year between c.valid_from and c.valid_to
)
