-- Per year and unit version: index, rank in its level, band, change on the previous year,
-- self-assessment gap, and for a commune its rank within its district.
-- Index = (appraised + survey points + bonus − penalty) ÷ applicable maximum, held to 0–100 %.
-- Ranks and bands use the index rounded to 2 decimals, the precision reports publish.
-- Built for the years bound as $years; the change reads the year before each (the area scores of
-- `year + 1` in $years), as does a new unit's baseline (its predecessors' index the year before
-- its first year), so a changed year's scores are built again with the year after it.
with sums as (
    select
        a.year,
        a.unit_id,
        a.unit_code,
        a.level,
        sum(a.points) as points,
        sum(a.max_points) as max_points,
        sum(a.self_points) as self_points,
        sum(a.self_max_points) as self_max_points,
        sum(a.gap_points) as gap_points,
        sum(a.first_points) as first_points,
        coalesce(sum(a.survey_points), 0) as survey_points,
        sum(a.survey_max_points) as survey_max_points
    from area_scores as a
    where list_contains($years, a.year)
        or list_contains($years, a.year + 1)
    group by all
),

totals as (
    select
        s.*,
        coalesce(j.bonus_points, 0) as bonus_points,
        coalesce(j.penalty_points, 0) as penalty_points,
        s.points - s.survey_points as appraised_points,
        greatest(0, least(100, 100 * (s.points + coalesce(j.bonus_points, 0) - coalesce(j.penalty_points, 0)) / s.max_points))
            as index_pct
    from sums as s
    left join unit_adjustments as j using (year, unit_id)
),

totals_rounded as (
    select
        *,
        round(index_pct, 2) as index_rounded
    from totals
),

ranked as (
    select
        t.*,
        u.unit_name,
        u.unit_type,
        u.parent_code,
        u.source_province,
        -- ranked among the units of their level, and before the merger within their former province
        rank() over (partition by t.year, t.level, coalesce(u.source_province, '') order by t.index_rounded desc) as rank,
        count(*) over (partition by t.year, t.level, coalesce(u.source_province, '')) as ranked_units,
        case
            when t.level = 'commune' and u.parent_code is not null
                then rank() over (partition by t.year, t.level, u.parent_code order by t.index_rounded desc)
        end as district_rank,
        case
            when t.level = 'commune' and u.parent_code is not null
                then count(*) over (partition by t.year, t.level, u.parent_code)
        end as district_units
    from totals_rounded as t
    inner join units as u using (unit_id)
),

-- A former province may have had its own schemes (source_province on bands.csv); its units are
-- banded by them, every other unit by the schemes without a province.
band_ranges as (
    select
        province,
        from_year,
        coalesce(
            lead(from_year) over (partition by province order by from_year),
            9999
        ) as until_year
    from (select distinct coalesce(source_province, '') as province, from_year from bands)
),

banded as (
    select
        r.year,
        r.unit_id,
        arg_max(b.label_vi, b.min_pct) as band_vi,
        arg_max(b.label_en, b.min_pct) as band_en,
        max(b.min_pct) as band_min_pct,
        s.province as band_province,
        s.from_year as band_from_year
    from ranked as r
    inner join band_ranges as s
        on s.province = case
            when coalesce(r.source_province, '') in (select province from band_ranges) then coalesce(r.source_province, '')
            else ''
        end
        and r.year >= s.from_year
        and r.year < s.until_year
    inner join bands as b
        on coalesce(b.source_province, '') = s.province
        and b.from_year = s.from_year
        and r.index_rounded >= b.min_pct
    where list_contains($years, r.year)
    group by all
),

-- The year before a unit version's first year, through its lineage links: its predecessors'
-- index, weighted 1 for a whole predecessor and $partial_weight for one that went in only in part.
predecessor_baselines as (
    select
        l.new_unit_id as unit_id,
        l.new_valid_from_year as year,
        sum(t.index_pct * case when l.partial then $partial_weight else 1 end)
            / sum(case when l.partial then $partial_weight else 1 end) as baseline_pct
    from lineage_links as l
    inner join totals as t
        on t.unit_id = l.old_unit_id
        and t.year = l.new_valid_from_year - 1
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
        -- the scheme the band is of (bands.csv: its source_province, '' for the province's own)
        b.band_province,
        b.band_from_year,
        -- the change on the same unit version; a new unit (after a reorganisation) is compared
        -- with the weighted index of its predecessors, and says so (delta_basis)
        coalesce(r.index_pct - p.index_pct, r.index_pct - o.baseline_pct) as delta_pct,
        case
            when p.index_pct is not null then 'unit'
            when o.baseline_pct is not null then 'predecessors'
        end as delta_basis,
        coalesce(p.index_pct, o.baseline_pct) as baseline_pct,
        p.rank - r.rank as rank_change,
        r.source_province,
        r.self_points,
        case when r.self_max_points > 0 then 100 * r.self_points / r.self_max_points end as self_pct,
        r.gap_points,
        r.appraised_points,
        r.survey_points,
        r.survey_max_points,
        r.bonus_points,
        r.penalty_points,
        r.first_points
    from ranked as r
    left join banded as b using (year, unit_id)
    left join ranked as p
        on p.unit_id = r.unit_id
        and p.year = r.year - 1
    left join predecessor_baselines as o
        on o.unit_id = r.unit_id
        and o.year = r.year
    where list_contains($years, r.year)
)

select * from final
