-- The weak unit versions and areas of `positions` (one level, every year, by the peer rule:
-- common.query_over_positions) in $year, with the same version's area % and position in the
-- area in $year + 1 (empty when it was not assessed then); by level, unit code and area.
with now as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code,
        area_code,
        area_pct
    from positions
    where year = $year
        and position = 'weak'
),

later as (
    select
        unit_id,
        area_code,
        area_pct as next_pct,
        position as next_position
    from positions
    where year = $year + 1
),

final as (
    select
        n.*,
        l.next_pct,
        l.next_position
    from now as n
    left join later as l using (unit_id, area_code)
)

select * from final
order by level, unit_code, area_code
