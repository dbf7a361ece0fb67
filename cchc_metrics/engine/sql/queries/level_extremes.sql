-- The best and the worst unit of one level in one year (first and last in rank order, ties by
-- code), as one row: their names and indices. No row when the level was not assessed.
with scored as (
    select
        unit_code,
        unit_name,
        index_pct,
        rank
    from unit_scores
    where year = $year
        and level = $level
),

best as (
    select
        unit_name as best_name,
        index_pct as best_pct
    from scored
    order by rank, unit_code
    limit 1
),

worst as (
    select
        unit_name as worst_name,
        index_pct as worst_pct
    from scored
    order by rank desc, unit_code desc
    limit 1
),

final as (
    select
        b.best_name,
        b.best_pct,
        w.worst_name,
        w.worst_pct
    from best as b
    cross join worst as w
)

select * from final
