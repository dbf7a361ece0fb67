-- Per year and unit version: index, rank in its level, band, change on the previous year,
-- self-assessment gap, and for a commune its rank within its district.
-- Ranks and bands use the index rounded to 2 decimals, the precision reports publish.
-- Built for the years bound as $years; the change reads the year before each (the area scores of
-- `year + 1` in $years), so a changed year's scores are built again with the year after it.
with totals as (
    select
        year,
        unit_id,
        unit_code,
        level,
        sum(points) as points,
        sum(max_points) as max_points,
        sum(self_points) as self_points,
        sum(self_max_points) as self_max_points,
        sum(gap_points) as gap_points,
        round(100 * sum(points) / sum(max_points), 2) as index_rounded,
        100 * sum(points) / sum(max_points) as index_pct
    from area_scores
    where list_contains($years, year)
        or list_contains($years, year + 1)
    group by all
),

ranked as (
    select
        t.*,
        u.unit_name,
        u.unit_type,
        u.parent_code,
        rank() over (partition by t.year, t.level order by t.index_rounded desc) as rank,
        count(*) over (partition by t.year, t.level) as ranked_units,
        case
            when t.level = 'commune' and u.parent_code is not null
                then rank() over (partition by t.year, t.level, u.parent_code order by t.index_rounded desc)
        end as district_rank,
        case
            when t.level = 'commune' and u.parent_code is not null
                then count(*) over (partition by t.year, t.level, u.parent_code)
        end as district_units
    from totals as t
    inner join units as u using (unit_id)
),

band_ranges as (
    select
        from_year,
        coalesce(
            lead(from_year) over (order by from_year),
            9999
        ) as until_year
    from (select distinct from_year from bands)
),

banded as (
    select
        r.year,
        r.unit_id,
        arg_max(b.label_vi, b.min_pct) as band_vi,
        arg_max(b.label_en, b.min_pct) as band_en,
        max(b.min_pct) as band_min_pct
    from ranked as r
    inner join band_ranges as s
        on r.year >= s.from_year
        and r.year < s.until_year
    inner join bands as b
        on b.from_year = s.from_year
        and r.index_rounded >= b.min_pct
    where list_contains($years, r.year)
    group by all
),

final as (
    select
        r.year,
        r.unit_id,
        r.unit_code,
        r.unit_name,
        r.unit_type,
        r.level,
        r.parent_code,
        r.points,
        r.max_points,
        r.index_pct,
        r.rank,
        r.ranked_units,
        r.district_rank,
        r.district_units,
        b.band_vi,
        b.band_en,
        b.band_min_pct,
        r.index_pct - p.index_pct as delta_pct,
        p.rank - r.rank as rank_change,
        r.self_points,
        case when r.self_max_points > 0 then 100 * r.self_points / r.self_max_points end as self_pct,
        r.gap_points
    from ranked as r
    left join banded as b using (year, unit_id)
    left join ranked as p
        on p.unit_id = r.unit_id
        and p.year = r.year - 1
    where list_contains($years, r.year)
)

select * from final
