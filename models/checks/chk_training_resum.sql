-- check: before the 2025 merger, training classes, attendances and women re-summed onto the 34 units equal the 63-unit totals of each year
with totals as (
    select year, unit_set, count(*) as classes, sum(trainees) as attendances, coalesce(sum(trainees_female), 0) as female
    from marts.mart_training_classes
    where year < 2025
    group by all
)

select o.year, o.classes, n.classes as classes_34, o.attendances, n.attendances as attendances_34
from totals as o
left join totals as n on n.year = o.year and n.unit_set = '34'
where o.unit_set = '63'
  and (n.year is null or n.classes <> o.classes or n.attendances <> o.attendances or n.female <> o.female)
