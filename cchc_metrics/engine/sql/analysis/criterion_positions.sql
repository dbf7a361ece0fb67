-- Per year, unit version and criterion of `scored` (criterion_scored.sql): the unit's criterion %
-- placed against its peers (`criterion_peers`, criterion_peers.sql); same rule as area_positions.
-- A unit is weak below the weak line and strong above the strong line, each at least $min_gap
-- points of % from the median.
select
    s.year,
    s.unit_id,
    s.unit_code,
    s.unit_name,
    s.level,
    s.parent_code,
    s.area_code,
    s.criterion_code,
    s.criterion_name,
    s.max_points,
    s.score,
    s.criterion_pct,
    p.peers,
    p.peer_q1,
    p.peer_median,
    p.peer_q3,
    s.criterion_pct - p.peer_median as gap_to_median,
    case
        when s.criterion_pct < p.weak_line and p.peer_median - s.criterion_pct >= $min_gap then 'weak'
        when s.criterion_pct > p.strong_line and s.criterion_pct - p.peer_median >= $min_gap then 'strong'
        else 'typical'
    end as position
from scored as s
inner join criterion_peers as p using (year, level, peer_group, criterion_code)
order by year, level, unit_code, criterion_code
