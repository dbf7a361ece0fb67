-- One unit version of one level over every year the level was scored: its index, ranks, band
-- in $lang and change where it was scored (empty elsewhere), and the averages it is read
-- against (all units of the level that year; the communes of its district).
with scored as (
    select
        year,
        unit_id,
        parent_code,
        index_pct
    from unit_scores
    where level = $level
),

level_means as (
    select
        year,
        avg(index_pct) as level_mean_pct
    from scored
    group by year
),

own as (
    select
        year,
        parent_code,
        index_pct,
        delta_pct,
        rank,
        rank_change,
        ranked_units,
        district_rank,
        district_units,
        case when $lang = 'vi' then band_vi else band_en end as band
    from unit_scores
    where level = $level
        and unit_id = $unit_id
),

district_means as (
    select
        s.year,
        avg(s.index_pct) as district_mean_pct
    from scored as s
    inner join own as o using (year, parent_code)
    group by s.year
),

final as (
    select
        m.year,
        o.index_pct,
        o.delta_pct,
        o.rank,
        o.rank_change,
        o.ranked_units,
        o.district_rank,
        o.district_units,
        o.band,
        m.level_mean_pct,
        d.district_mean_pct
    from level_means as m
    left join own as o using (year)
    left join district_means as d using (year)
)

select * from final
order by year
