-- Bonus and penalty points are written as positive numbers; the kind says which way they count.
select
    _row,
    'points' as column_name,
    cast(points as varchar) as value,
    '' as detail
from checked
where points <= 0
