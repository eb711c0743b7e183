-- grain: one row per index x year x map: what is loaded (provinces, components, illustrative or not)
select
    index_id,
    year,
    unit_set,
    count(distinct province_code) as provinces,
    count(distinct component_code) as components,
    count(*) filter (where value_type <> 'reported') as derived_values,
    count(official_rank) as official_ranks,
    bool_or(illustrative) as illustrative
from core.fct_index_score
group by all
