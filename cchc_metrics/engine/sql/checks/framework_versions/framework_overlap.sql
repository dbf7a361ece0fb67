-- One level is scored by one framework version in any year: versions of a level must not overlap.
select
    b._row,
    'valid_from_year' as column_name,
    b.framework_id as value,
    a.framework_id as detail
from checked as a
inner join checked as b
    on a.level = b.level
    and a._row < b._row
    and years_overlap(a.valid_from_year, a.valid_to_year, b.valid_from_year, b.valid_to_year)
