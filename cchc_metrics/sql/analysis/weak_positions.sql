-- The weak rows of `positions` (every year of one level by the peer rule:
-- common.query_over_positions) up to $until_year (null: every year), for runs of weak years
-- (province.chronic_weaknesses). With $open_only, only the unit versions and areas weak in
-- $until_year itself: the runs still open then.
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
        peer_median
    from positions
    where position = 'weak'
        and ($until_year is null or year <= $until_year)
),

open_now as (
    select distinct
        unit_id,
        area_code
    from weak
    where year = $until_year
),

final as (
    select *
    from weak
    where not $open_only
        or (unit_id, area_code) in (select (unit_id, area_code) from open_now)
)

select * from final
