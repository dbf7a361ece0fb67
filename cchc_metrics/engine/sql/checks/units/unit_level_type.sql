-- The unit type fixes the level (schema.UNIT_TYPES): quận, huyện, thị xã, thành phố are
-- districts; phường, xã, thị trấn, đặc khu communes; sở, ban, ngành and other agencies departments.
select
    c._row,
    'level' as column_name,
    c.level as value,
    lower(c.unit_type) as detail
from checked as c
inner join unit_types as t
    on t.unit_type = lower(c.unit_type)
where c.level is not null
    and c.level <> t.level
