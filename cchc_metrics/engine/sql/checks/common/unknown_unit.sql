-- Unit codes that are in no version of the unit list.
-- Looked up once per distinct code of the file (checked_unit_years, validation.UNIT_YEARS), then
-- only the unknown codes go back to the rows.
with unknown as (
    select distinct unit_code
    from checked_unit_years
    where unit_code not in (select unit_code from units)
)

select
    _row,
    'unit_code' as column_name,
    unit_code as value,
    '' as detail
from checked
where unit_code in (select unit_code from unknown)
