-- Per year, unit version and applicable criterion: the unit's criterion % and the group of peers
-- it is placed in, the units of its level in its own former province (source_province, as
-- build/area_positions.sql). Criteria that do not apply (empty score) are absent, never zero.
-- $unit_id: only that unit version's rows; null: every unit's. The `scored` rows that
-- criterion_peers.sql and criterion_positions.sql read (peers.criterion_positions joins them).
select
    i.year,
    s.unit_id,
    s.unit_code,
    s.unit_name,
    s.level,
    s.parent_code,
    coalesce(u.source_province, '') as peer_group,
    i.area_code,
    i.criterion_code,
    i.criterion_name,
    i.max_points,
    i.score,
    100 * i.score / i.max_points as criterion_pct
from inspections as i
inner join units as u
    on u.unit_code = i.unit_code
    and valid_in(i.year, u.valid_from_year, u.valid_to_year)
inner join unit_scores as s
    on s.unit_id = u.unit_id
    and s.year = i.year
where i.score is not null
    and ($year is null or i.year = $year)
    and ($level is null or s.level = $level)
    and ($unit_id is null or s.unit_id = $unit_id)
