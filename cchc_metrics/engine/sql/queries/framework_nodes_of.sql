-- The nodes of one framework version in report order.
select
    node_code,
    parent_code,
    level_kind,
    area_code,
    name_vi,
    name_en,
    max_points,
    source,
    rubric,
    sort_order,
    is_leaf
from framework_tree
where framework_id = $framework_id
order by sort_order, node_code
