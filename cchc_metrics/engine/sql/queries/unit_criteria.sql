-- One unit version's criteria in one year: maximum, self-assessed and appraised points, and the
-- points lost. An empty score means the criterion does not apply: nothing is lost on it.
with rows as (
    select
        i.area_code,
        i.criterion_code,
        i.criterion_name,
        i.max_points,
        i.self_score,
        i.score
    from inspections as i
    inner join units as u
        on u.unit_code = i.unit_code
        and valid_in(i.year, u.valid_from_year, u.valid_to_year)
    where u.unit_id = $unit_id
        and i.year = $year
),

final as (
    select
        r.*,
        r.max_points - r.score as points_lost,
        a.sort_order as area_sort
    from rows as r
    left join areas as a using (area_code)
)

select * from final
order by area_sort, criterion_code
