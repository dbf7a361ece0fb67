-- A criterion's maximum is a number of points: a framework totals 100 (no known scheme more
-- than 1,000). A maximum of 1e308 would overflow the sums and make every index NaN.
select
    _row,
    'max_points' as column_name,
    cast(max_points as varchar) as value,
    '1000' as detail
from checked
where max_points > 1000
