-- The scoring framework of every year and level: per area, the number of criteria and their
-- maximum points (a criterion's maximum is the same for every unit of a level and year).
with criteria as (
    select
        i.year,
        u.level,
        i.area_code,
        i.criterion_code,
        max(i.max_points) as max_points
    from inspections as i
    inner join units as u
        on u.unit_code = i.unit_code
        and valid_in(i.year, u.valid_from_year, u.valid_to_year)
    group by all
),

final as (
    select
        c.year,
        c.level,
        c.area_code,
        count(*) as criteria,
        sum(c.max_points) as max_points
    from criteria as c
    group by all
)

select * from final
order by year, level, area_code
