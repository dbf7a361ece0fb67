-- Each area's average % over the units of $level it applied to, in $year and the year before.
with final as (
    select
        area_code,
        avg(area_pct) filter (where year = $year) as mean_pct,
        avg(area_pct) filter (where year = $year - 1) as prev_mean_pct
    from area_scores
    where level = $level
        and year in ($year, $year - 1)
        and area_pct is not null
    group by area_code
)

select * from final
order by area_code
