-- Where the results of one year and level stand: the row of publications.csv (the merged
-- province's own row before a former province's), none when the file says nothing of them.
select
    status,
    decision,
    decision_date
from publications
where year = $year
    and level = $level
order by source_province nulls first
limit 1
