-- The appraised score lies between 0 and the criterion's maximum.
select
    _row,
    'score' as column_name,
    cast(score as varchar) as value,
    cast(max_points as varchar) as detail
from checked
where score < 0
    or score > max_points
