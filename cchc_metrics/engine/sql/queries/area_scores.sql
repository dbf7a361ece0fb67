-- Area % of every unit of one level in one year.
select
    a.year,
    a.unit_id,
    a.unit_code,
    a.area_code,
    a.area_pct,
    a.points,
    a.max_points,
    a.criteria
from area_scores as a
where a.year = $year
    and a.level = $level
order by a.unit_code, a.area_code
