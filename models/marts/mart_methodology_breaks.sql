-- grain: one row per index x year from which the index is not comparable with earlier years
select
    index_id,
    year,
    nullif(component, '') as component_code,
    action,
    note_vi,
    note_en
from ref.methodology_breaks
