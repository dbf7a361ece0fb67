-- The area % of the units of score_rows (same $year, $level and $parent_code), one row per unit
-- and area, in the order of score_rows (rank, then code): joined to it on unit_id.
with scored as (
    select
        unit_id,
        rank,
        unit_code
    from unit_scores
    where year = $year
        and level = $level
        and ($parent_code is null or parent_code = $parent_code)
),

final as (
    select
        a.unit_id,
        a.area_code,
        a.area_pct,
        s.rank,
        s.unit_code
    from area_scores as a
    inner join scored as s using (unit_id)
    where a.year = $year
        and a.level = $level
)

select
    unit_id,
    area_code,
    area_pct
from final
order by rank, unit_code, area_code
