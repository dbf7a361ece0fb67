-- The self-assessed score lies between 0 and the criterion's maximum.
select
    _row,
    'self_score' as column_name,
    cast(self_score as varchar) as value,
    cast(max_points as varchar) as detail
from checked
where self_score < 0
    or self_score > max_points
