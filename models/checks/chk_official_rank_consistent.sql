-- check: published ranks agree with published scores: a strictly higher score never has a worse or equal official rank (equal rounded scores may carry different ranks)
with ranked as (
    select * from core.fct_index_score where official_rank is not null
)

select a.index_id, a.year, a.component_code, a.province_code, a.score, a.official_rank,
    b.province_code as other_province, b.score as other_score, b.official_rank as other_rank
from ranked as a
join ranked as b
    on b.index_id = a.index_id and b.year = a.year and b.component_code = a.component_code
    and b.unit_set = a.unit_set
where a.score > b.score and a.official_rank >= b.official_rank
