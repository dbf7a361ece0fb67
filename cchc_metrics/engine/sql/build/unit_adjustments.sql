-- Per year and unit version: its bonus and penalty points (điểm thưởng, điểm trừ), each summed
-- and held to the cap of the framework version scoring its level that year (no cap: as given).
-- Built for the years bound as $years: their adjustments only.
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
    where list_contains($years, a.year)
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
        -- least() passes over an empty value: an empty sum or cap is handled first
        case
            when s.bonus_given is null then 0
            when c.bonus_cap is null then s.bonus_given
            else least(s.bonus_given, c.bonus_cap)
        end as bonus_points,
        case
            when s.penalty_given is null then 0
            when c.penalty_cap is null then s.penalty_given
            else least(s.penalty_given, c.penalty_cap)
        end as penalty_points
    from sums as s
    left join caps as c
        on c.level = s.level
        and valid_in(s.year, c.valid_from_year, c.valid_to_year)
)

select * from final
