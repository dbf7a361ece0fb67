-- A score on a node that has sub-criteria: the parent is their sum, never scored itself.
select
    _row,
    'criterion_code' as column_name,
    criterion_code as value,
    framework_id as detail
from checked_nodes
where not is_leaf
