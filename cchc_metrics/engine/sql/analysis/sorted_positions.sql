-- Every row of `positions` (build/area_positions.sql: common.query_over_positions), by year, level, unit code
-- and area code.
with final as (
    select *
    from positions
)

select * from final
order by year, level, unit_code, area_code
