-- A target is a percentage of the maximum.
select
    _row,
    'min_pct' as column_name,
    cast(min_pct as varchar) as value,
    '' as detail
from checked
where min_pct < 0
    or min_pct > 100
