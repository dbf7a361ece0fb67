-- Per year, unit version and area: the unit's area % against its peers, the units of its level
-- assessed that year (itself included), and for a commune against its district's communes.
-- The position follows the peer rule bound as $weak_q, $strong_q (quantiles) and $min_gap (points).
-- $year and $level may be null: every year, every level. In no particular order: the analyses
-- read it as the temporary table `positions` (common.query_over_positions), sorted_positions sorts it.
with scored as (
    select
        a.year,
        a.unit_id,
        a.unit_code,
        s.unit_name,
        a.level,
        s.parent_code,
        a.area_code,
        a.area_pct,
        a.points,
        a.max_points
    from area_scores as a
    inner join unit_scores as s using (year, unit_id)
    where ($year is null or a.year = $year)
        and ($level is null or a.level = $level)
),

level_peers as (
    select
        year,
        level,
        area_code,
        count(*) as peers,
        quantile_cont(area_pct, 0.25) as peer_q1,
        median(area_pct) as peer_median,
        quantile_cont(area_pct, 0.75) as peer_q3,
        max(area_pct) as peer_best,
        quantile_cont(area_pct, $weak_q) as weak_line,
        quantile_cont(area_pct, $strong_q) as strong_line
    from scored
    group by all
),

district_peers as (
    select
        year,
        parent_code,
        area_code,
        count(*) as district_peers,
        median(area_pct) as district_median,
        quantile_cont(area_pct, $weak_q) as district_weak_line,
        quantile_cont(area_pct, $strong_q) as district_strong_line
    from scored
    where level = 'commune'
        and parent_code is not null
    group by all
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
        p.peer_q1,
        p.peer_median,
        p.peer_q3,
        p.peer_best,
        s.area_pct - p.peer_median as gap_to_median,
        rank() over (partition by s.year, s.level, s.area_code order by s.area_pct desc) as area_rank,
        case
            when s.area_pct < p.weak_line and p.peer_median - s.area_pct >= $min_gap then 'weak'
            when s.area_pct > p.strong_line and s.area_pct - p.peer_median >= $min_gap then 'strong'
            else 'typical'
        end as position,
        d.district_peers,
        d.district_median,
        case
            when d.district_peers is null then null
            when s.area_pct < d.district_weak_line and d.district_median - s.area_pct >= $min_gap then 'weak'
            when s.area_pct > d.district_strong_line and s.area_pct - d.district_median >= $min_gap then 'strong'
            else 'typical'
        end as district_position
    from scored as s
    inner join level_peers as p using (year, level, area_code)
    left join district_peers as d using (year, parent_code, area_code)
)

select * from final
