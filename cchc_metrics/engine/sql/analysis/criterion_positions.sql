-- Per year, unit version and criterion of `scored` (criterion_scored.sql): the unit's criterion %
-- placed against its peers (`criterion_peers`, criterion_peers.sql) by the peer rule
-- (peer_position, staging/macros.sql), as area_positions places areas.
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
    peer_position(s.criterion_pct, p.weak_line, p.peer_median, p.strong_line, $min_gap) as position
from scored as s
inner join criterion_peers as p using (year, level, peer_group, criterion_code)
order by year, level, unit_code, criterion_code
