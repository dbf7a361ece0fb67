-- Per year, level, former province and criterion: points lost across units and the share of
-- units below half. A former province's units (source_province) are counted apart, as they are
-- ranked apart; the column is empty for the units of the province itself.
-- Built for the years bound as $years: their inspections only.
-- Rows are first counted per unit version's level and every (area, name) the criterion was
-- given, so the most common area and name (ties: the first in sort order) come from a few
-- thousand groups, not every row.
with applicable as (
    select
        i.year,
        u.level,
        coalesce(u.source_province, '') as source_province,
        i.area_code,
        i.criterion_code,
        i.criterion_name,
        i.max_points,
        i.score
    from inspections as i
    inner join units as u
        on u.unit_code = i.unit_code
        and valid_in(i.year, u.valid_from_year, u.valid_to_year)
    where list_contains($years, i.year)
        and i.score is not null
),

per_spelling as (
    select
        year,
        level,
        source_province,
        criterion_code,
        area_code,
        criterion_name,
        count(*) as units,
        max(max_points) as max_points,
        sum(max_points - score) as points_lost,
        sum(score) as points,
        sum(max_points) as max_total,
        sum(case when score < max_points / 2 then 1.0 else 0.0 end) as below_half
    from applicable
    group by all
),

areas as (
    select
        year,
        level,
        source_province,
        criterion_code,
        first(area_code order by units desc, area_code) as area_code
    from (
        select
            year,
            level,
            source_province,
            criterion_code,
            area_code,
            sum(units) as units
        from per_spelling
        group by all
    )
    group by all
),

names as (
    select
        year,
        level,
        source_province,
        criterion_code,
        first(criterion_name order by units desc, criterion_name) as criterion_name
    from (
        select
            year,
            level,
            source_province,
            criterion_code,
            criterion_name,
            sum(units) as units
        from per_spelling
        group by all
    )
    group by all
),

totals as (
    select
        year,
        level,
        source_province,
        criterion_code,
        max(max_points) as max_points,
        cast(sum(units) as bigint) as units,
        sum(points_lost) as points_lost,
        100 * sum(points) / sum(max_total) as criterion_pct,
        sum(below_half) / sum(units) as share_below_half
    from per_spelling
    group by all
),

final as (
    select
        t.year,
        t.level,
        nullif(t.source_province, '') as source_province,
        t.criterion_code,
        a.area_code,
        n.criterion_name,
        t.max_points,
        t.units,
        t.points_lost,
        t.criterion_pct,
        t.share_below_half
    from totals as t
    inner join areas as a using (year, level, source_province, criterion_code)
    inner join names as n using (year, level, source_province, criterion_code)
)

select * from final
