-- The scores of one level in one year, best first.
select *
from unit_scores
where year = $year
    and level = $level
order by rank, unit_code
