-- A version cannot end before it begins.
select
    _row,
    'valid_to_year' as column_name,
    cast(valid_to_year as varchar) as value,
    cast(valid_from_year as varchar) as detail
from checked
where valid_to_year < valid_from_year
