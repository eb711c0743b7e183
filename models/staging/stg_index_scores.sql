-- grain: one row per score in force: province x year x index x component, typed from raw.index_scores
-- slice: index_id, year
with source as (
    select * from raw.index_scores
    where _superseded_by is null -- the rows in force
),

loads as (
    select load_id, illustrative from raw._loads
),

final as (
    select
        s.province_code,
        s.unit_set,
        s.province_input,
        try_cast(s.year as integer) as year,
        s.index_id,
        s.component as component_code,
        try_cast(s.score as double) as score,
        try_cast(s.rank as integer) as official_rank,
        try_cast(s.ci_lower as double) as ci_lower,
        try_cast(s.ci_upper as double) as ci_upper,
        try_cast(s.std_error as double) as std_error,
        nullif(trim(s.official_group), '') as official_group,
        coalesce(l.illustrative, false) as illustrative,
        s._load_id as load_id,
        s._source_file as source_file,
        s._source_sheet as source_sheet,
        s._source_row as source_row
    from source as s
    left join loads as l on l.load_id = s._load_id
)

select * from final
