-- Area codes that are not in the list of reform areas.
select
    _row,
    'area_code' as column_name,
    area_code as value,
    (select string_agg(area_code, ', ' order by sort_order) from areas) as detail
from checked
where area_code is not null
    and area_code not in (select area_code from areas)
