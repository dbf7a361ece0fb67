-- A maximum that differs from the framework's for that sub-criterion.
select
    _row,
    'max_points' as column_name,
    cast(max_points as varchar) as value,
    cast(node_max_points as varchar) as detail
from checked_nodes
where is_leaf
    and abs(max_points - node_max_points) > 1e-9
