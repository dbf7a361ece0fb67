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

-- the field's lines per year and area (the same on every row of a year, level and area)
lines as (
    select
        year,
        area_code,
        any_value(peer_median) as peer_median,
        any_value(case $weak_q when 0.25 then peer_q1 when 0.5 then peer_median else peer_q3 end) as weak_line
    from positions
    where ($until_year is null or year <= $until_year)
        and ($since_year is null or year >= $since_year)
    group by all
),

-- the units and areas weak in $until_year (with $open_only): the territory of that year alone
territory_now as (
    select
        m.unit_id,
        s.area_code,
        sum(m.weight * s.area_pct) / sum(m.weight) as area_pct
    from members as m
    inner join area_scores as s on s.unit_id = m.member_id
    where $open_only
        and s.year = $until_year
    group by all
),

open_now as (
    select
        t.unit_id,
        t.area_code
    from territory_now as t
    inner join lines as l
        on l.year = $until_year
        and l.area_code = t.area_code
    where t.area_pct < l.weak_line
        and l.peer_median - t.area_pct >= $min_gap
),

territory as (
    select
        s.year,
        m.unit_id,
        s.area_code,
        sum(m.weight * s.area_pct) / sum(m.weight) as area_pct,
        bool_or(m.inherited) as through_predecessors
    from members as m
    inner join area_scores as s on s.unit_id = m.member_id
    left join open_now as o
        on o.unit_id = m.unit_id
        and o.area_code = s.area_code
    where ($until_year is null or s.year <= $until_year)
        and ($since_year is null or s.year >= $since_year)
        and (not $open_only or o.unit_id is not null)
    group by all
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
    inner join lines as l using (year, area_code)
    inner join targets as t using (unit_id)
    where w.area_pct < l.weak_line
        and l.peer_median - w.area_pct >= $min_gap
)

select * from final
order by unit_code, area_code, year
