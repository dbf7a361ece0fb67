-- One unit version's areas in every year it was scored, against its peers of that year (the
-- built area_positions, default peer rule): its %, rank, the field's median and best.
select
    year,
    area_code,
    area_pct,
    area_rank,
    peers,
    peer_median,
    peer_best
from area_positions
where unit_id = $unit_id
order by year, area_code
