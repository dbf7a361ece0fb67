-- What part of its year a checked yearly file holds: its rows, how many are of departments, and
-- the former provinces its rows name (checked_part.file_province: the file's source_province,
-- null where the kind has none), else their units name (units.csv source_province): an archive.
with rows as (
    select
        u.level,
        coalesce(c.file_province, u.source_province) as province
    from checked_part as c
    left join units as u
        on u.unit_code = c.unit_code
        and valid_in(c.year, u.valid_from_year, u.valid_to_year)
)
select
    count(*) as rows,
    count(*) filter (where level = 'department') as department_rows,
    coalesce(list(distinct province order by province) filter (where province is not null), []) as provinces,
    count(*) filter (where province is null) as rows_without_province
from rows
