-- Pareto of points lost per criterion in one year, within each level: share of the level's
-- lost points and the running (cumulative) share, largest loss first. $level may be null.
with criteria as (
    select
        year,
        level,
        area_code,
        criterion_code,
        criterion_name,
        max_points,
        units,
        points_lost,
        criterion_pct,
        share_below_half
    from criterion_scores
    where year = $year
        and ($level is null or level = $level)
),

ranked as (
    select
        *,
        row_number() over (partition by level order by points_lost desc, criterion_code) as loss_rank,
        points_lost / nullif(sum(points_lost) over (partition by level), 0) as share_lost
    from criteria
),

final as (
    select
        year,
        level,
        loss_rank,
        area_code,
        criterion_code,
        criterion_name,
        max_points,
        units,
        points_lost,
        100 * share_lost as share_lost_pct,
        100 * sum(share_lost) over (
            partition by level order by loss_rank rows between unbounded preceding and current row
        ) as cumulative_pct,
        criterion_pct,
        100 * share_below_half as below_half_pct
    from ranked
)

select * from final
order by level, loss_rank
