-- Runs of consecutive weak years per unit version and area, at least $min_years long, from the
-- temporary table `found` (common.query_over_positions: the rows of weak_positions.sql or territory_weak.sql: one row per
-- year, unit version and area). A run is an island of years: within a unit and area, year minus
-- its row number is the same for consecutive years. The unit's code, name, district and the last
-- area % and peer median are those of the run's last year. With $open_in (a year; null: any), only
-- the runs that end in it: the runs still open then. Sorted by level, last year (latest first),
-- length (longest first), unit code, area.
with islands as (
    select
        *,
        year - row_number() over (partition by unit_id, area_code order by year) as island
    from found
),

runs as (
    select
        unit_id,
        arg_max(unit_code, year) as unit_code,
        arg_max(unit_name, year) as unit_name,
        arg_max(level, year) as level,
        arg_max(parent_code, year) as parent_code,
        area_code,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as years,
        arg_max(area_pct, year) as last_area_pct,
        arg_max(peer_median, year) as last_peer_median,
        bool_or(through_predecessors) as through_predecessors
    from islands
    group by unit_id, area_code, island
)

select *
from runs
where years >= $min_years
    and ($open_in is null or last_year = $open_in)
order by level, last_year desc, years desc, unit_code, area_code, unit_id
