-- Unit codes that are in no version of the unit list.
select
    _row,
    'unit_code' as column_name,
    unit_code as value,
    '' as detail
from checked
where unit_code is not null
    and unit_code not in (select unit_code from units)
