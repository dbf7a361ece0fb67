-- The area % of the units of score_rows (same $year, $level and $parent_code) as cells: `row`
-- is the unit's position in score_rows, `area` the area's 0-based position in report order.
-- Numbers only: a wide table of ten thousand units is assembled from them without strings.
with scored as (
    select
        unit_id,
        row_number() over (order by rank, unit_code) - 1 as row
    from unit_scores
    where year = $year
        and level = $level
        and ($parent_code is null or parent_code = $parent_code)
),

report_order as (
    select
        area_code,
        row_number() over (order by sort_order, area_code) - 1 as area
    from areas
),

final as (
    select
        s.row,
        o.area,
        a.area_pct
    from area_scores as a
    inner join scored as s using (unit_id)
    inner join report_order as o using (area_code)
    where a.year = $year
        and a.level = $level
)

select * from final
