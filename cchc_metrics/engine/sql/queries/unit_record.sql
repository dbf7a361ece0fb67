-- One unit version of one level over every year the level was scored: its index, ranks, band
-- in $lang and change where it was scored (empty elsewhere), and the averages it is read
-- against (the units of the level that year; the communes of its district). In a year whose
-- units came from several former provinces, the level's average is that of the province(s)
-- the unit or its predecessors were in, and none when neither was scored that year.
with scored as (
    select
        year,
        unit_id,
        parent_code,
        coalesce(source_province, '') as province,
        index_pct
    from unit_scores
    where level = $level
),

several as (
    select year
    from scored
    group by year
    having count(distinct province) > 1
),

-- the former provinces of the unit and of its predecessors, in the years they were scored
own_provinces as (
    select distinct
        s.year,
        s.province
    from scored as s
    where s.unit_id = $unit_id
        or s.unit_id in (select ancestor_id from lineage_ancestry where unit_id = $unit_id)
),

level_means as (
    select
        s.year,
        avg(s.index_pct) filter (
            where s.year not in (select year from several)
            or s.province in (select p.province from own_provinces as p where p.year = s.year)
        ) as level_mean_pct
    from scored as s
    group by s.year
),

own as (
    select
        year,
        parent_code,
        index_pct,
        delta_pct,
        delta_basis,
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
        o.delta_basis,
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
