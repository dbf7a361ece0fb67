-- The cells of the weakness grid (views.weakness_grid): per unit and area of `positions` (one
-- year and level by the peer rule: common.query_over_positions), the gap to the peer median, the
-- area's 0-based place in report order, and whether the unit is weak in it. Numbers and ids only:
-- the wide table of ten thousand units is assembled from them in arrays.
with report_order as (
    select
        area_code,
        row_number() over (order by sort_order, area_code) - 1 as area
    from areas
),

final as (
    select
        p.unit_id,
        o.area,
        p.gap_to_median,
        p.position = 'weak' as weak
    from positions as p
    inner join report_order as o using (area_code)
)

select * from final
order by unit_id, area
