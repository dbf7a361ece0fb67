-- Per level and area of `positions` (the rows of build/area_positions.sql for one year, level and
-- peer rule: common.query_over_positions), the units judged strong, best first (area rank, then
-- code), at most $top each; areas in report order.
with report_order as (
    select
        area_code,
        row_number() over (order by sort_order, area_code) as area_order
    from areas
),

strong as (
    select
        p.year,
        p.level,
        p.area_code,
        p.area_rank,
        p.unit_id,
        p.unit_code,
        p.unit_name,
        p.parent_code,
        p.area_pct,
        p.peer_median,
        p.gap_to_median,
        o.area_order,
        row_number() over (
            partition by p.level, p.area_code
            order by p.area_rank, p.unit_code
        ) as place
    from positions as p
    left join report_order as o using (area_code)
    where p.position = 'strong'
),

final as (
    select
        year,
        level,
        area_code,
        area_rank,
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        area_pct,
        peer_median,
        gap_to_median,
        area_order
    from strong
    where place <= $top
)

select * from final
order by level, area_order, area_rank, unit_code
