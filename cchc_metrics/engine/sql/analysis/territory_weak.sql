-- Per unit version valid in $year (of $level), the earlier years and areas in which the territory
-- it covers in $year was weak against that year's field (`positions`, the level's area positions
-- by the peer rule: common.query_over_positions). The territory's area % is the version's own
-- score where it was scored, else the weighted mean of its ancestors scored that year (a partial
-- ancestor weighs $partial_weight per partial link), so a new unit carries its predecessors'
-- record. Weak as in build/area_positions.sql: below the field's $weak_q quantile and at least
-- $min_gap points below its median. Years after $until_year and before $since_year are left out
-- (null: none; a run is then cut at $since_year). With
-- $open_only (and an $until_year), only the units and areas weak in $until_year itself: the runs
-- still open then (the territory of the other years is then computed for those pairs only).
with targets as (
    select
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code
    from units
    where level = $level
        and valid_in($year, valid_from_year, valid_to_year)
),

members as (
    select
        unit_id,
        unit_id as member_id,
        false as inherited,
        1.0 as weight
    from targets
    union all
    select
        t.unit_id,
        a.ancestor_id as member_id,
        true as inherited,
        pow($partial_weight, a.partial_links) as weight
    from targets as t
    inner join lineage_ancestry as a using (unit_id)
),

-- the field's lines per year, former province (the peer group of build/area_positions.sql) and
-- area: the same on every row of a year, level, peer group and area
lines as (
    select
        p.year,
        coalesce(u.source_province, '') as peer_group,
        p.area_code,
        any_value(p.peer_median) as peer_median,
        any_value(case $weak_q when 0.25 then p.peer_q1 when 0.5 then p.peer_median else p.peer_q3 end) as weak_line
    from positions as p
    inner join units as u using (unit_id)
    where ($until_year is null or p.year <= $until_year)
        and ($since_year is null or p.year >= $since_year)
    group by all
),

-- each member's area % that year with its peer group; a territory is placed in the peer group
-- of its heaviest member scored that year (ties: the first group by code)
member_scores as (
    select
        m.unit_id,
        m.inherited,
        m.weight,
        s.year,
        s.area_code,
        s.area_pct,
        coalesce(u.source_province, '') as peer_group
    from members as m
    inner join area_scores as s on s.unit_id = m.member_id
    inner join units as u on u.unit_id = m.member_id
    where ($until_year is null or s.year <= $until_year)
        and ($since_year is null or s.year >= $since_year)
),

-- the units and areas weak in $until_year (with $open_only): the territory of that year alone
territory_now as (
    select
        unit_id,
        area_code,
        sum(weight * area_pct) / sum(weight) as area_pct,
        first(peer_group order by weight desc, peer_group) as peer_group
    from member_scores
    where $open_only
        and year = $until_year
    group by unit_id, area_code
),

open_now as (
    select
        t.unit_id,
        t.area_code
    from territory_now as t
    inner join lines as l
        on l.year = $until_year
        and l.peer_group = t.peer_group
        and l.area_code = t.area_code
    where t.area_pct < l.weak_line
        and l.peer_median - t.area_pct >= $min_gap
),

territory as (
    select
        s.year,
        s.unit_id,
        s.area_code,
        sum(s.weight * s.area_pct) / sum(s.weight) as area_pct,
        bool_or(s.inherited) as through_predecessors,
        first(s.peer_group order by s.weight desc, s.peer_group) as peer_group
    from member_scores as s
    left join open_now as o
        on o.unit_id = s.unit_id
        and o.area_code = s.area_code
    where not $open_only or o.unit_id is not null
    group by s.year, s.unit_id, s.area_code
),

final as (
    select
        w.year,
        t.unit_id,
        t.unit_code,
        t.unit_name,
        t.level,
        t.parent_code,
        w.area_code,
        w.area_pct,
        w.through_predecessors,
        l.peer_median
    from territory as w
    inner join lines as l using (year, peer_group, area_code)
    inner join targets as t using (unit_id)
    where w.area_pct < l.weak_line
        and l.peer_median - w.area_pct >= $min_gap
)

select * from final
order by unit_code, area_code, year
