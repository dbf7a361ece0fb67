-- The rows of a year's template: every unit of the level valid that year × the criteria the
-- level had in the framework year (table `framework`: that year's typed inspections), in file order.
with units_of_year as (
    select
        unit_code,
        unit_name
    from units
    where level = $level
        and valid_in($year, valid_from_year, valid_to_year)
),

framework_criteria as (
    select
        f.criterion_code,
        mode(f.area_code) as area_code,
        mode(f.criterion_name) as criterion_name,
        max(f.max_points) as max_points,
        min(f._row) as position
    from framework as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    where u.level = $level
    group by f.criterion_code
),

final as (
    select
        cast($year as integer) as year,
        u.unit_code,
        u.unit_name,
        c.area_code,
        c.criterion_code,
        c.criterion_name,
        c.max_points
    from units_of_year as u
    cross join framework_criteria as c
    order by u.unit_code, c.position
)

select * from final
