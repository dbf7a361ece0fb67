-- The districts valid in one year: their codes and names.
select
    unit_code as parent_code,
    unit_name as district_name
from units
where level = 'district'
    and $year >= coalesce(valid_from_year, -9999)
    and $year <= coalesce(valid_to_year, 9999)
order by unit_code
