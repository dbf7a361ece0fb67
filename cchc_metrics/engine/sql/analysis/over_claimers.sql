-- Units whose self-assessment exceeds the appraisal in one year, largest gap first, with the
-- area where the gap is largest. Gaps are in % of the self-assessed maximum.
with areas as (
    select
        a.year,
        a.unit_id,
        a.unit_code,
        s.unit_name,
        a.level,
        s.parent_code,
        a.area_code,
        a.gap_points,
        a.self_max_points,
        100 * a.gap_points / a.self_max_points as area_gap_pct,
        -- ties go to the area first in code order, so the answer never depends on row order
        row_number() over (
            partition by a.unit_id order by a.gap_points / a.self_max_points desc, a.area_code
        ) as area_order
    from area_scores as a
    inner join unit_scores as s using (year, unit_id)
    where a.year = $year
        and ($level is null or a.level = $level)
        and a.self_max_points > 0
),

units as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code,
        sum(gap_points) as gap_points,
        100 * sum(gap_points) / sum(self_max_points) as gap_pct,
        max(area_code) filter (where area_order = 1) as top_area_code,
        max(area_gap_pct) filter (where area_order = 1) as top_area_gap_pct
    from areas
    group by all
),

final as (
    select
        *,
        rank() over (partition by level order by gap_pct desc) as gap_rank
    from units
    where gap_points > 0
)

select * from final
order by level, gap_rank, unit_code
