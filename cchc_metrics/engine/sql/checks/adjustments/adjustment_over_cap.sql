-- A unit's bonus (or penalty) points of the year above the cap of its framework version: they
-- count up to the cap.
with per_unit as (
    select
        c.year,
        c.unit_code,
        c.kind,
        min(c._row) as _row,
        sum(c.points) as points
    from checked as c
    group by all
),

capped as (
    select
        p._row,
        p.kind,
        p.points,
        case when p.kind = 'bonus' then v.bonus_cap else v.penalty_cap end as cap
    from per_unit as p
    inner join units as u
        on u.unit_code = p.unit_code
        and valid_in(p.year, u.valid_from_year, u.valid_to_year)
    inner join framework_versions as v
        on v.level = u.level
        and valid_in(p.year, v.valid_from_year, v.valid_to_year)
)

select
    _row,
    'points' as column_name,
    cast(points as varchar) as value,
    cast(cap as varchar) as detail
from capped
where points > cap
