-- The criteria of one area in one year and level, those that lose the most points first.
with final as (
    select
        criterion_code,
        criterion_name,
        max_points,
        units,
        points_lost,
        points_lost / units as lost_per_unit,
        criterion_pct,
        share_below_half
    from criterion_scores
    where year = $year
        and level = $level
        and area_code = $area
)

select * from final
order by points_lost desc, criterion_code
