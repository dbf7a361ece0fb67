-- Per year and level: units valid, units scored, criterion rows and findings loaded.
with years as (
    select distinct year
    from inspections
),

valid as (
    select
        y.year,
        u.level,
        count(*) as units_valid
    from years as y
    inner join units as u
        on valid_in(y.year, u.valid_from_year, u.valid_to_year)
    group by all
),

scored as (
    select
        year,
        level,
        count(*) as units_scored
    from unit_scores
    group by all
),

rows as (
    select
        i.year,
        u.level,
        count(*) as criterion_rows
    from inspections as i
    inner join units as u
        on u.unit_code = i.unit_code
        and valid_in(i.year, u.valid_from_year, u.valid_to_year)
    group by all
),

found as (
    select
        f.year,
        u.level,
        count(*) as findings
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    group by all
),

final as (
    select
        v.year,
        v.level,
        v.units_valid,
        coalesce(s.units_scored, 0) as units_scored,
        coalesce(r.criterion_rows, 0) as criterion_rows,
        coalesce(f.findings, 0) as findings
    from valid as v
    left join scored as s using (year, level)
    left join rows as r using (year, level)
    left join found as f using (year, level)
)

select * from final
order by year, level
