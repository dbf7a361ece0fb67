-- One row per framework version.
select
    b._row,
    'framework_id' as column_name,
    b.framework_id as value,
    cast(a._row as varchar) as detail
from checked as a
inner join checked as b
    on a.framework_id = b.framework_id
    and a._row < b._row
