-- The index and rank of the chosen unit versions ($unit_ids, a list) of one level, every year
-- each was scored.
with final as (
    select
        year,
        unit_id,
        index_pct,
        rank
    from unit_scores
    where level = $level
        and list_contains($unit_ids, unit_id)
)

select * from final
order by unit_id, year
