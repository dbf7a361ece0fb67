-- The years whose units came from several former provinces (units.csv source_province), each
-- with its provinces: the years a page shows one former province at a time.
select
    year,
    list(distinct source_province order by source_province) as provinces
from unit_scores
where source_province is not null
group by year
having count(distinct source_province) > 1
order by year
