-- One unit version's leaves in every year it was scored: points and maximum per criterion code,
-- for its criteria's trends (through the crosswalk where the framework changed).
select
    i.year,
    i.criterion_code,
    i.max_points,
    i.score
from inspections as i
inner join units as u
    on u.unit_code = i.unit_code
    and valid_in(i.year, u.valid_from_year, u.valid_to_year)
where u.unit_id = $unit_id
order by i.year, i.criterion_code
