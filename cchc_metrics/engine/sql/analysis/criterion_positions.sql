-- Per year, unit version and criterion: the unit's criterion % against the units of its level
-- assessed on that criterion that year (itself included) in its own former province
-- (source_province, as build/area_positions.sql); same rule as area_positions.
-- Criteria that do not apply (empty score) are absent, never zero. $unit_id: only that unit
-- version's rows (against the whole field); null: every unit's.
with scored as (
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
),

peers as (
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
    inner join peers as p using (year, level, peer_group, criterion_code)
    where $unit_id is null or s.unit_id = $unit_id
)

select * from final
order by year, level, unit_code, criterion_code
