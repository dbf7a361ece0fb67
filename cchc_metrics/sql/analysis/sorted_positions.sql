-- Every row of `positions` (area_positions.sql in a temporary table), by year, level, unit code
-- and area code.
with final as (
    select *
    from positions
)

select * from final
order by year, level, unit_code, area_code
