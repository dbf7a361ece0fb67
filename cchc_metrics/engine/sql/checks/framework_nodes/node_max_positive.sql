-- Every node has a maximum above 0.
select
    _row,
    'max_points' as column_name,
    cast(max_points as varchar) as value,
    '' as detail
from checked
where max_points <= 0
