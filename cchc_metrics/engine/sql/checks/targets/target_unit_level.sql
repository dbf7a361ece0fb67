-- A unit's own target names a unit of the row's level that exists in the row's year.
select
    c._row,
    'unit_code' as column_name,
    c.unit_code as value,
    '' as detail
from checked as c
where c.unit_code is not null
    and c.year is not null
    and c.level is not null
    and c.unit_code in (select unit_code from units)
    and not exists (
        select 1
        from units as u
        where u.unit_code = c.unit_code
            and u.level = c.level
            and valid_in(c.year, u.valid_from_year, u.valid_to_year)
    )
