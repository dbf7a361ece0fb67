-- Per year, level, peer group and criterion: the spread of the criterion % over the units of
-- `scored` (criterion_scored.sql, every unit) assessed on it that year, itself included, and the
-- lines of the peer rule ($weak_q, $strong_q) below and above which a unit is weak or strong.
select
    year,
    level,
    peer_group,
    criterion_code,
    count(*) as peers,
    quantile_cont(criterion_pct, 0.25) as peer_q1,
    median(criterion_pct) as peer_median,
    quantile_cont(criterion_pct, 0.75) as peer_q3,
    quantile_cont(criterion_pct, $weak_q) as weak_line,
    quantile_cont(criterion_pct, $strong_q) as strong_line
from scored
group by all
