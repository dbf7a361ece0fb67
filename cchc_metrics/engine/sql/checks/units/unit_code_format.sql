-- Unit codes are national statistics codes: digits only.
select
    _row,
    'unit_code' as column_name,
    unit_code as value,
    '' as detail
from checked
where unit_code is not null
    and not regexp_full_match(unit_code, '[0-9]+')
