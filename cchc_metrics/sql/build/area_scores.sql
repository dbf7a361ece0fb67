-- Per year, unit version and area: points, maximum and % of maximum over the applicable criteria.
-- A criterion with an empty score does not apply to the unit: it leaves both points and maximum.
with applicable as (
    select
        i.year,
        u.unit_id,
        u.unit_code,
        u.level,
        i.area_code,
        i.max_points,
        i.score,
        i.self_score
    from inspections as i
    inner join units as u
        on u.unit_code = i.unit_code
        and i.year >= coalesce(u.valid_from_year, -9999)
        and i.year <= coalesce(u.valid_to_year, 9999)
    where i.score is not null
),

final as (
    select
        year,
        unit_id,
        unit_code,
        level,
        area_code,
        count(*) as criteria,
        sum(score) as points,
        sum(max_points) as max_points,
        sum(self_score) as self_points,
        sum(max_points) filter (where self_score is not null) as self_max_points,
        sum(self_score - score) as gap_points,
        100 * sum(score) / sum(max_points) as area_pct
    from applicable
    group by all
)

select * from final
