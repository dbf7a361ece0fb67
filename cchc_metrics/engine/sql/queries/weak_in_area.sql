-- The units of one level weak in one area in one year, by the default peer rule (area_positions).
with final as (
    select
        p.unit_id,
        u.unit_code
    from area_positions as p
    inner join units as u using (unit_id)
    where p.year = $year
        and p.level = $level
        and p.area_code = $area
        and p.position = 'weak'
)

select * from final
order by unit_code
