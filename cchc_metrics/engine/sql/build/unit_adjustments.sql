-- Per year and unit version: its bonus and penalty points (điểm thưởng, điểm trừ), each summed
-- and held to the cap of the framework version scoring its level that year (no cap: as given).
with sums as (
    select
        a.year,
        u.unit_id,
        u.level,
        sum(a.points) filter (where a.kind = 'bonus') as bonus_given,
        sum(a.points) filter (where a.kind = 'penalty') as penalty_given
    from adjustments as a
    inner join units as u
        on u.unit_code = a.unit_code
        and valid_in(a.year, u.valid_from_year, u.valid_to_year)
    group by all
),

caps as (
    select distinct
        v.level,
        v.valid_from_year,
        v.valid_to_year,
        v.bonus_cap,
        v.penalty_cap
    from framework_versions as v
),

final as (
    select
        s.year,
        s.unit_id,
        coalesce(least(s.bonus_given, c.bonus_cap), s.bonus_given, 0) as bonus_points,
        coalesce(least(s.penalty_given, c.penalty_cap), s.penalty_given, 0) as penalty_points
    from sums as s
    left join caps as c
        on c.level = s.level
        and valid_in(s.year, c.valid_from_year, c.valid_to_year)
)

select * from final
