-- One unit version's scores, year by year.
with final as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        parent_code,
        index_pct,
        rank,
        ranked_units
    from unit_scores
    where unit_id = $unit_id
)

select * from final
order by year
