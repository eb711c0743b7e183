-- check: every class a roster names has one class id in the loaded class files (ids shared by two provinces or years would count a roster twice)
select c.class_id, count(*) as classes, string_agg(c.province_code || ' ' || c.year, ', ' order by c.province_code, c.year) as where_loaded
from core.fct_training_class as c
where c.class_id in (select class_id from staging.stg_training_roster)
group by c.class_id
having count(*) > 1
