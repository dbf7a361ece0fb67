-- Per year and level: units assessed, mean index and its change on the previous year.
with per_year as (
    select
        year,
        level,
        count(*) as units,
        avg(index_pct) as mean_pct,
        min(index_pct) as min_pct,
        max(index_pct) as max_pct
    from unit_scores
    group by all
),

final as (
    select
        c.*,
        c.mean_pct - p.mean_pct as delta_mean_pct
    from per_year as c
    left join per_year as p
        on p.level = c.level
        and p.year = c.year - 1
)

select * from final
order by level, year
