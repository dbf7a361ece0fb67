-- Self-assessment against appraisal per unit and area in one year, over the criteria the unit
-- self-assessed: self %, appraised %, and the gap in points and in % of that maximum.
with areas as (
    select
        a.year,
        a.unit_id,
        a.unit_code,
        s.unit_name,
        a.level,
        s.parent_code,
        a.area_code,
        a.area_pct,
        a.self_points,
        a.self_max_points,
        a.gap_points
    from area_scores as a
    inner join unit_scores as s using (year, unit_id)
    where a.year = $year
        and ($level is null or a.level = $level)
        and a.self_max_points > 0
),

final as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code,
        area_code,
        100 * self_points / self_max_points as self_pct,
        100 * (self_points - gap_points) / self_max_points as appraised_pct,
        gap_points,
        100 * gap_points / self_max_points as gap_pct
    from areas
)

select * from final
order by level, unit_code, area_code
