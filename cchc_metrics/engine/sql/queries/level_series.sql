-- Every unit version of one level, every year it was scored: index, ranks, band, and the
-- averages it is read against (all units of the level that year; communes of its district).
with scored as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        index_pct,
        rank,
        ranked_units,
        district_rank,
        district_units,
        band_vi,
        band_en,
        delta_pct,
        rank_change
    from unit_scores
    where level = $level
),

final as (
    select
        *,
        avg(index_pct) over (partition by year) as level_mean_pct,
        case
            when parent_code is not null
                then avg(index_pct) over (partition by year, parent_code)
        end as district_mean_pct
    from scored
)

select * from final
order by unit_id, year
