-- A criterion that the framework in force for the row's year and level does not have.
select
    _row,
    'criterion_code' as column_name,
    criterion_code as value,
    framework_id as detail
from checked_nodes
where node_code is null
    and criterion_code is not null
