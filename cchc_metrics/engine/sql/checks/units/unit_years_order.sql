-- A unit cannot stop being valid before it starts.
select
    _row,
    'valid_to_year' as column_name,
    cast(valid_to_year as varchar) as value,
    cast(valid_from_year as varchar) as detail
from checked
where valid_to_year < valid_from_year
