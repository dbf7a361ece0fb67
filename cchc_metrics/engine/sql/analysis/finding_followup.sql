-- Weakness findings of $year that name an area or a criterion, followed into $year + 1 on the
-- same unit version: the criterion % when a criterion is named, else the area %, in both years.
-- A unit not assessed the next year (or a criterion not applied) has no next value, never zero.
with named as (
    select
        f.year,
        u.unit_id,
        f.unit_code,
        u.unit_name,
        u.level,
        u.parent_code,
        f.area_code,
        f.criterion_code,
        f.text
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    where f.year = $year
        and f.kind = 'weakness'
        and (f.area_code is not null or f.criterion_code is not null)
        and ($level is null or u.level = $level)
),

-- the score rows of the criteria the findings name, in both years: one read of the two years'
-- inspections keeps only these (not two years of every score row, nor the first year twice)
named_rows as materialized (
    select
        i.year,
        i.unit_code,
        i.criterion_code,
        i.area_code,
        i.score,
        i.max_points
    from inspections as i
    where i.year in ($year, $year + 1)
        and (i.unit_code, i.criterion_code) in (select (unit_code, criterion_code) from named)
),

-- a finding that names a criterion but no area is in the criterion's area
weak as (
    select
        n.year,
        n.unit_id,
        n.unit_code,
        n.unit_name,
        n.level,
        n.parent_code,
        coalesce(n.area_code, r.area_code) as area_code,
        n.criterion_code,
        n.text
    from named as n
    left join named_rows as r
        on r.unit_code = n.unit_code
        and r.year = n.year
        and r.criterion_code = n.criterion_code
),

criterion_pct as (
    select
        u.unit_id,
        r.year,
        r.criterion_code,
        100 * r.score / r.max_points as pct
    from named_rows as r
    inner join units as u
        on u.unit_code = r.unit_code
        and valid_in(r.year, u.valid_from_year, u.valid_to_year)
    where r.score is not null
),

-- the area % of the units the findings name, in the two years: joining the whole area_scores table
-- (a million rows at national scale) twice was half of the query's time
named_areas as (
    select
        a.unit_id,
        a.year,
        a.area_code,
        a.area_pct
    from area_scores as a
    semi join weak as w on w.unit_id = a.unit_id
    where a.year in ($year, $year + 1)
),

final as (
    select
        w.year,
        w.unit_id,
        w.unit_code,
        w.unit_name,
        w.level,
        w.parent_code,
        w.area_code,
        w.criterion_code,
        w.text,
        coalesce(c0.pct, case when w.criterion_code is null then a0.area_pct end) as pct,
        coalesce(c1.pct, case when w.criterion_code is null then a1.area_pct end) as next_pct
    from weak as w
    left join criterion_pct as c0
        on c0.unit_id = w.unit_id
        and c0.year = w.year
        and c0.criterion_code = w.criterion_code
    left join criterion_pct as c1
        on c1.unit_id = w.unit_id
        and c1.year = w.year + 1
        and c1.criterion_code = w.criterion_code
    left join named_areas as a0
        on a0.unit_id = w.unit_id
        and a0.year = w.year
        and a0.area_code = w.area_code
    left join named_areas as a1
        on a1.unit_id = w.unit_id
        and a1.year = w.year + 1
        and a1.area_code = w.area_code
)

select * from final
order by unit_code, area_code, criterion_code, text
