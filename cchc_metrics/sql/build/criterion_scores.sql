-- Per year, level and criterion: points lost across units and the share of units below half.
with applicable as (
    select
        i.year,
        u.level,
        i.area_code,
        i.criterion_code,
        i.criterion_name,
        i.max_points,
        i.score
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
        level,
        criterion_code,
        mode(area_code) as area_code,
        mode(criterion_name) as criterion_name,
        max(max_points) as max_points,
        count(*) as units,
        sum(max_points - score) as points_lost,
        100 * sum(score) / sum(max_points) as criterion_pct,
        avg(case when score < max_points / 2 then 1.0 else 0.0 end) as share_below_half
    from applicable
    group by year, level, criterion_code
)

select * from final
