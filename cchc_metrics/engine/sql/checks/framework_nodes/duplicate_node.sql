-- One row per node of a framework.
select
    b._row,
    'node_code' as column_name,
    b.framework_id || ' ' || b.node_code as value,
    cast(a._row as varchar) as detail
from checked as a
inner join checked as b
    on a.framework_id = b.framework_id
    and a.node_code = b.node_code
    and a._row < b._row
