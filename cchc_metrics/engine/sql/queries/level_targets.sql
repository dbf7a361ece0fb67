-- The targets every unit of $level has in $year (targets.csv rows without a unit): the index's
-- (area_code empty), an area's, or every area's ('*').
select
    area_code,
    min_pct
from targets
where year = $year
    and level = $level
    and unit_code is null
order by area_code nulls first
