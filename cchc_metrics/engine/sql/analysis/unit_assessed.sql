-- Whether a unit version has scores in one year (one row: the count, 0 or 1).
select
    count(*) as assessed
from unit_scores
where unit_id = $unit_id
    and year = $year
