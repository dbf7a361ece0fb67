-- A commune's parent must be a district of the same list.
select
    _row,
    'parent_code' as column_name,
    parent_code as value,
    '' as detail
from checked
where parent_code is not null
    and parent_code not in (
        select unit_code
        from checked
        where level = 'district'
    )
