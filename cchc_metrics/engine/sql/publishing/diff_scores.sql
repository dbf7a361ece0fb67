-- Per unit in both files: index (% of the applicable maximum) published and new, largest changes first.
with old_index as (
    select
        unit_code,
        100 * sum(score) / sum(case when score is not null then max_points end) as published_pct
    from published
    group by unit_code
),

new_index as (
    select
        unit_code,
        100 * sum(score) / sum(case when score is not null then max_points end) as new_pct
    from candidate
    group by unit_code
),

final as (
    select
        n.unit_code,
        (
            select arg_max(u.unit_name, coalesce(u.valid_from_year, -9999))
            from units as u
            where u.unit_code = n.unit_code
        ) as unit_name,
        o.published_pct,
        n.new_pct,
        n.new_pct - o.published_pct as change_pct
    from new_index as n
    inner join old_index as o using (unit_code)
)

select * from final
where change_pct is distinct from 0
order by abs(change_pct) desc nulls last, unit_code
limit $top
