-- The tree has three levels: an area has no parent, a criterion's parent is an area, a
-- sub-criterion's parent is a criterion.
with expected as (
    select
        c._row,
        c.level_kind,
        p.level_kind as parent_kind,
        c.parent_code
    from checked as c
    left join checked as p
        on p.framework_id = c.framework_id
        and p.node_code = c.parent_code
)

select
    _row,
    'level_kind' as column_name,
    level_kind as value,
    coalesce(parent_kind, '–') as detail
from expected
where (level_kind = 'area' and parent_code is not null)
    or (level_kind = 'criterion' and parent_kind is distinct from 'area')
    or (level_kind = 'sub-criterion' and parent_kind is distinct from 'criterion')
