-- grain: one row per loaded roster line: one trainee's attendance of one class, typed from raw.training_roster
select
    class_id,
    trainee_id,
    nullif(agency, '') as agency,
    gender,
    nullif(position, '') as position,
    _load_id as load_id,
    _source_file as source_file,
    _source_row as source_row
from raw.training_roster
where _superseded_by is null -- the rows in force
