-- Within one level and year a criterion has one maximum; rows differing from the most common are reported.
with rows_with_level as (
    select
        c._row,
        c.criterion_code,
        c.max_points,
        coalesce(u.level, '?') as level
    from checked as c
    left join units as u
        on u.unit_code = c.unit_code
        and c.year >= coalesce(u.valid_from_year, -9999)
        and c.year <= coalesce(u.valid_to_year, 9999)
    where c.criterion_code is not null
        and c.max_points is not null
),

usual as (
    select
        level,
        criterion_code,
        mode(max_points) as usual_max
    from rows_with_level
    group by all
),

final as (
    select
        r._row,
        'max_points' as column_name,
        cast(r.max_points as varchar) as value,
        cast(s.usual_max as varchar) as detail
    from rows_with_level as r
    inner join usual as s using (level, criterion_code)
    where r.max_points <> s.usual_max
)

select * from final
