-- Both ends of a crosswalk line are nodes of their framework (an empty end: new or dropped).
with ends as (
    select
        _row,
        'from_node' as column_name,
        from_framework as framework_id,
        from_node as node_code
    from checked
    union all
    select
        _row,
        'to_node' as column_name,
        to_framework as framework_id,
        to_node as node_code
    from checked
)

select
    e._row,
    e.column_name,
    e.framework_id || ' ' || coalesce(e.node_code, '') as value,
    '' as detail
from ends as e
where (e.node_code is not null or e.framework_id not in (select framework_id from framework_versions))
    and not exists (
        select 1
        from framework_nodes as n
        where n.framework_id = e.framework_id
            and (e.node_code is null or n.node_code = e.node_code)
    )
