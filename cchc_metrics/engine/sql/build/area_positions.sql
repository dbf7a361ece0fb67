-- Per year, unit version and area: the unit's area % against its peers, the units of its level
-- assessed that year (itself included) in its own former province (source_province: before a
-- merger each province scored its own), and for a commune against its district's communes.
-- The position follows the peer rule (peer_position, staging/macros.sql) with the lines bound as
-- $weak_q, $strong_q (quantiles) and the gap $min_gap (points).
-- $year, $years (a list) and $level may be null: every year, every level. The build keeps every
-- year and level by the default rule as the table area_positions (dataset.BUILT_PEER_RULE), built
-- for the years bound as $years; the analyses read
-- it, or this query for another rule, as `positions` (common.query_over_positions). In no
-- particular order: sorted_positions sorts it.
with scored as (
    select
        a.year,
        a.unit_id,
        a.unit_code,
        s.unit_name,
        a.level,
        s.parent_code,
        coalesce(s.source_province, '') as peer_group,
        a.area_code,
        a.area_pct,
        a.points,
        a.max_points
    from area_scores as a
    -- the unit version's name and district; every area score has its unit version
    inner join units as s using (unit_id)
    where ($year is null or a.year = $year)
        and ($years is null or list_contains($years, a.year))
        and ($level is null or a.level = $level)
),

level_peers as (
    select
        year,
        level,
        peer_group,
        area_code,
        count(*) as peers,
        -- q1, median, q3, the weak line and the strong line: one sort of the field for all five
        quantile_cont(area_pct, [0.25, 0.5, 0.75, $weak_q, $strong_q]) as lines,
        max(area_pct) as peer_best
    from scored
    group by all
),

district_peers as (
    select
        year,
        parent_code,
        area_code,
        count(*) as district_peers,
        -- median, the weak line and the strong line
        quantile_cont(area_pct, [0.5, $weak_q, $strong_q]) as district_lines
    from scored
    where level = 'commune'
        and parent_code is not null
    group by all
),

-- the rank of each distinct area % in its field (ties share the best rank): ranking the few
-- distinct values instead of every unit keeps the window small
value_counts as (
    select
        year,
        level,
        peer_group,
        area_code,
        area_pct,
        count(*) as units
    from scored
    group by all
),

value_ranks as (
    select
        year,
        level,
        peer_group,
        area_code,
        area_pct,
        cast(1 + coalesce(sum(units) over (
            partition by year, level, peer_group, area_code
            order by area_pct desc
            rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as area_rank
    from value_counts
),

final as (
    select
        s.year,
        s.unit_id,
        s.unit_code,
        s.unit_name,
        s.level,
        s.parent_code,
        s.area_code,
        s.area_pct,
        s.points,
        s.max_points,
        p.peers,
        p.lines[1] as peer_q1,
        p.lines[2] as peer_median,
        p.lines[3] as peer_q3,
        p.peer_best,
        s.area_pct - p.lines[2] as gap_to_median,
        r.area_rank,
        peer_position(s.area_pct, p.lines[4], p.lines[2], p.lines[5], $min_gap) as position,
        d.district_peers,
        d.district_lines[1] as district_median,
        case
            when d.district_peers is not null
                then peer_position(s.area_pct, d.district_lines[2], d.district_lines[1], d.district_lines[3], $min_gap)
        end as district_position
    from scored as s
    inner join level_peers as p using (year, level, peer_group, area_code)
    left join district_peers as d using (year, parent_code, area_code)
    left join value_ranks as r using (year, level, peer_group, area_code, area_pct)
)

select * from final
