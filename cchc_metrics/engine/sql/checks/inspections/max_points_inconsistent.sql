-- Within one level and year a criterion has one maximum; rows differing from the most common are reported.
-- Only criteria seen with two maxima in the file (in any level: checked_criteria,
-- validation.CRITERIA) go back to the rows, and a row's level comes from its (unit, year) pair,
-- looked up once per pair.
with varying as (
    select criterion_code
    from checked_criteria
    where maxima > 1
),

rows_to_check as (
    select
        c._row,
        c.unit_code,
        c.year,
        c.criterion_code,
        c.max_points
    from checked as c
    semi join varying using (criterion_code)
    where c.max_points is not null
),

levels as (
    select
        p.unit_code,
        p.year,
        coalesce(max(u.level), '?') as level
    from (select distinct unit_code, year from rows_to_check) as p
    left join units as u
        on u.unit_code = p.unit_code
        and valid_in(p.year, u.valid_from_year, u.valid_to_year)
    group by all
),

rows_with_level as (
    select
        r._row,
        r.criterion_code,
        r.max_points,
        coalesce(l.level, '?') as level
    from rows_to_check as r
    left join levels as l
        on l.unit_code is not distinct from r.unit_code
        and l.year is not distinct from r.year
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
