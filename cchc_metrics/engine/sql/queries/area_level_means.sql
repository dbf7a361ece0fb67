-- The average area % of one reform area per year and level (mean over the units it applied to).
with final as (
    select
        year,
        level,
        count(*) as units,
        avg(area_pct) as mean_pct,
        min(area_pct) as min_pct,
        max(area_pct) as max_pct
    from area_scores
    where area_code = $area
    group by all
)

select * from final
order by level, year
