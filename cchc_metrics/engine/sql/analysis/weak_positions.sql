-- The weak rows of `positions` (every year of one level by the peer rule:
-- common.query_over_positions) up to $until_year (null: every year), for runs of weak years
-- (weak_runs.sql, province.chronic_weaknesses). With $open_only, only the unit versions and areas
-- weak in $until_year itself: the runs still open then. through_predecessors is false: these are
-- the units' own scores (territory_weak.sql has the same columns, read through the lineage).
with weak as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code,
        area_code,
        area_pct,
        peer_median,
        false as through_predecessors
    from positions
    where position = 'weak'
        and ($until_year is null or year <= $until_year)
),

open_now as (
    select
        unit_id,
        area_code
    from weak
    where year = $until_year
),

final as (
    -- a semi join, not a tuple IN: half the time at national scale
    select *
    from weak
    semi join open_now using (unit_id, area_code)
    where $open_only
    union all
    select *
    from weak
    where not $open_only
)

select * from final
