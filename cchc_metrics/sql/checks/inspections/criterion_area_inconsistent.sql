-- A criterion belongs to one area; rows naming another area than the most common are reported.
with usual as (
    select
        criterion_code,
        mode(area_code) as usual_area
    from checked
    where criterion_code is not null
        and area_code is not null
    group by all
),

final as (
    select
        c._row,
        'area_code' as column_name,
        c.area_code as value,
        s.usual_area as detail
    from checked as c
    inner join usual as s using (criterion_code)
    where c.area_code <> s.usual_area
)

select * from final
