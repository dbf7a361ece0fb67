-- The districts valid in one year: their codes and names.
select
    unit_code as parent_code,
    unit_name as district_name
from units
where level = 'district'
    and valid_in($year, valid_from_year, valid_to_year)
order by unit_code
