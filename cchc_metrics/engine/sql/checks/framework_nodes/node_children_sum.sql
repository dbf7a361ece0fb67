-- A parent's maximum is the sum of its children's.
with children as (
    select
        framework_id,
        parent_code as node_code,
        sum(max_points) as children_max
    from checked
    where parent_code is not null
    group by all
)

select
    c._row,
    'max_points' as column_name,
    cast(c.max_points as varchar) as value,
    cast(round(s.children_max, 6) as varchar) as detail
from checked as c
inner join children as s using (framework_id, node_code)
where abs(c.max_points - s.children_max) > 1e-6
