-- An area code is a reform area of the list, or '*' for every area (empty: the index).
select
    _row,
    'area_code' as column_name,
    area_code as value,
    (select string_agg(area_code, ', ' order by sort_order) from areas) as detail
from checked
where area_code is not null
    and area_code <> '*'
    and area_code not in (select area_code from areas)
