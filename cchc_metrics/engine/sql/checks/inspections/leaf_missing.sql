-- Every scored unit has a row for every sub-criterion of its framework (an empty score says
-- "does not apply"); a missing row is reported with the unit.
with scored as (
    select distinct
        unit_code,
        framework_id
    from checked_nodes
),

present as (
    select distinct
        unit_code,
        criterion_code
    from checked_nodes
),

leaves as (
    select
        framework_id,
        node_code,
        sort_order
    from framework_tree
    where is_leaf
),

final as (
    select
        cast(null as bigint) as _row,
        'criterion_code' as column_name,
        l.node_code as value,
        s.unit_code as detail
    from scored as s
    inner join leaves as l using (framework_id)
    anti join present as p
        on p.unit_code = s.unit_code
        and p.criterion_code = l.node_code
    order by s.unit_code, l.sort_order, l.node_code
)

select * from final
