-- Per unit and area of one year and level, where the first appraisal is recorded: the unit's own
-- score, the first appraisal and the final one, each as % of the area's applicable maximum.
with final as (
    select
        a.unit_code,
        s.unit_name,
        a.area_code,
        ar.sort_order,
        case when a.self_max_points > 0 then 100 * a.self_points / a.self_max_points end as self_pct,
        100 * a.first_points / a.max_points as first_pct,
        a.area_pct as final_pct
    from area_scores as a
    inner join unit_scores as s using (year, unit_id)
    left join areas as ar using (area_code)
    where a.year = $year
        and a.level = $level
        and a.first_points is not null
)

select
    unit_code,
    unit_name,
    area_code,
    self_pct,
    first_pct,
    final_pct
from final
order by unit_code, sort_order, area_code
