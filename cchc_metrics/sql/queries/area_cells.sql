-- The area % of every unit of one level in one year as numeric cells: `unit` is the unit's
-- 0-based position among the level's units in unit_id order (comparison_units uses the same),
-- `area` the area's 0-based position in report order.
with scored as (
    select
        unit_id,
        dense_rank() over (order by unit_id) - 1 as unit
    from unit_scores
    where year = $year
        and level = $level
),

report_order as (
    select
        area_code,
        row_number() over (order by sort_order, area_code) - 1 as area
    from areas
),

final as (
    select
        s.unit,
        o.area,
        a.area_pct
    from area_scores as a
    inner join scored as s using (unit_id)
    inner join report_order as o using (area_code)
    where a.year = $year
        and a.level = $level
)

select * from final
