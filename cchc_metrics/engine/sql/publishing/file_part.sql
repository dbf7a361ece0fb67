-- What part of its year a checked yearly file holds: its rows, how many are of departments, and
-- the former provinces its rows name (source_province written in the file: an archive).
select
    count(*) as rows,
    count(*) filter (where u.level = 'department') as department_rows,
    list(distinct c.source_province) filter (where c.source_province is not null) as provinces,
    count(*) filter (where c.source_province is null) as rows_without_province
from checked as c
left join units as u
    on u.unit_code = c.unit_code
    and valid_in(c.year, u.valid_from_year, u.valid_to_year)
