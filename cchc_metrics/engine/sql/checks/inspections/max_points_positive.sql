-- A criterion's maximum must be above zero.
select
    _row,
    'max_points' as column_name,
    cast(max_points as varchar) as value,
    '' as detail
from checked
where max_points <= 0
