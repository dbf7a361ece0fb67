-- How much of a year a checked inspections file covers, per level it scores: its units against
-- the units valid that year, its criteria against the framework (table `framework`: the typed
-- inspections of the latest published year before it; empty when there is none).
with file_units as (
    select distinct
        c.unit_code,
        c.criterion_code,
        u.level
    from checked as c
    inner join units as u
        on u.unit_code = c.unit_code
        and valid_in($year, u.valid_from_year, u.valid_to_year)
),

covered as (
    select
        level,
        count(distinct unit_code) as units,
        count(distinct criterion_code) as criteria
    from file_units
    group by level
),

units_expected as (
    select
        level,
        count(*) as units_expected
    from units
    where valid_in($year, valid_from_year, valid_to_year)
    group by level
),

criteria_expected as (
    select
        u.level,
        count(distinct f.criterion_code) as criteria_expected
    from framework as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    group by u.level
),

final as (
    select
        c.level,
        c.units,
        coalesce(e.units_expected, 0) as units_expected,
        c.criteria,
        coalesce(k.criteria_expected, 0) as criteria_expected
    from covered as c
    left join units_expected as e
        on e.level = c.level
    left join criteria_expected as k
        on k.level = c.level
)

select * from final
order by level
