-- The area of each (unit, criterion) of a file being read, from the framework in force for the
-- unit's level in $year: a scoring-software export names areas by their row, not their code.
with located as (
    select distinct
        r.unit_code,
        r.criterion_code,
        u.level
    from named_rows as r
    inner join units as u
        on u.unit_code = r.unit_code
        and valid_in($year, u.valid_from_year, u.valid_to_year)
)

select
    l.unit_code,
    l.criterion_code,
    t.area_code
from located as l
inner join framework_tree as t
    on t.level = l.level
    and valid_in($year, t.valid_from_year, t.valid_to_year)
    and t.node_code = l.criterion_code
