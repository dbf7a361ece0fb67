-- A parent that is not a node of the same framework.
select
    c._row,
    'parent_code' as column_name,
    c.parent_code as value,
    c.framework_id as detail
from checked as c
where c.parent_code is not null
    and not exists (
        select 1
        from checked as p
        where p.framework_id = c.framework_id
            and p.node_code = c.parent_code
    )
