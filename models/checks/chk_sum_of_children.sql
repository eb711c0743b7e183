-- check: where an index defines a parent as the sum of its children (PAPI: total = sum of dimensions, dimension = sum of sub-dimensions), reported parents equal the sum of their reported children within 0.01, whenever every child is present
with scores as (
    select * from core.fct_index_score where value_type = 'reported'
),

components as (
    select * from core.dim_index_component
),

children as (
    select s.province_code, s.unit_set, s.year, s.index_id, c.parent_code, sum(s.score) as child_sum, count(*) as n
    from scores as s
    join components as c
        on c.index_id = s.index_id and c.component_code = s.component_code
        and s.year between c.valid_from and c.valid_to
    where c.parent_code is not null and c.total_rule = 'sum_of_children'
    group by all
),

expected as (
    select index_id, parent_code, y as year, count(*) as n_children
    from components, range(2000, 2101) as t(y)
    where parent_code is not null and total_rule = 'sum_of_children' and y between valid_from and valid_to
    group by all
)

select p.index_id, p.year, p.province_code, p.component_code, p.score, ch.child_sum, round(p.score - ch.child_sum, 6) as difference
from scores as p
join children as ch
    on ch.province_code = p.province_code and ch.unit_set = p.unit_set and ch.year = p.year
    and ch.index_id = p.index_id and ch.parent_code = p.component_code
join expected as e
    on e.index_id = p.index_id and e.parent_code = p.component_code and e.year = p.year
where ch.n = e.n_children and abs(p.score - ch.child_sum) > 0.01
