-- Every year units of one level were scored, with the level's average index that year.
with final as (
    select
        year,
        avg(index_pct) as level_mean_pct
    from unit_scores
    where level = $level
    group by year
)

select * from final
order by year
