-- A criterion belongs to one area; rows naming another area than the most common are reported.
-- Only the criteria seen with two areas (checked_criteria, validation.CRITERIA) go back to the
-- rows, where they are counted per (criterion, area) pair. On a tie the area met first in the
-- file is the usual one.
with pairs as (
    select
        criterion_code,
        area_code,
        count(*) as n,
        min(_row) as first_row
    from checked
    where criterion_code in (select criterion_code from checked_criteria where areas > 1)
        and area_code is not null
    group by all
),

usual as (
    select
        criterion_code,
        first(area_code order by n desc, first_row) as usual_area
    from pairs
    group by criterion_code
    having count(*) > 1
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
