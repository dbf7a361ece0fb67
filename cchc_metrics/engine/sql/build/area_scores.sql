-- Per year, unit version and area: points, maximum and % of maximum over the applicable criteria.
-- Built for the years bound as $years: their inspections only.
-- A criterion with an empty score does not apply to the unit: it leaves both points and maximum.
-- Summed per unit code first, then matched to the unit version of the year: the join then
-- handles a hundred thousand sums instead of every score row.
with per_unit_area as (
    select
        year,
        unit_code,
        area_code,
        count(*) as criteria,
        sum(score) as points,
        sum(max_points) as max_points,
        sum(self_score) as self_points,
        sum(max_points) filter (where self_score is not null) as self_max_points,
        sum(self_score - score) as gap_points
    from inspections
    where list_contains($years, year)
        and score is not null
    group by all
),

final as (
    select
        p.year,
        u.unit_id,
        u.unit_code,
        u.level,
        p.area_code,
        p.criteria,
        p.points,
        p.max_points,
        p.self_points,
        p.self_max_points,
        p.gap_points,
        100 * p.points / p.max_points as area_pct
    from per_unit_area as p
    inner join units as u
        on u.unit_code = p.unit_code
        and valid_in(p.year, u.valid_from_year, u.valid_to_year)
)

select * from final
