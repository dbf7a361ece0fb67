-- A node of a framework that framework_versions.csv does not list.
select
    _row,
    'framework_id' as column_name,
    framework_id as value,
    '' as detail
from checked
where framework_id not in (select framework_id from framework_versions)
