-- An area that differs from the area the framework places the criterion in.
select
    _row,
    'area_code' as column_name,
    area_code as value,
    node_area_code as detail
from checked_nodes
where node_code is not null
    and area_code is distinct from node_area_code
