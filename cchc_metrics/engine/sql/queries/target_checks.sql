-- The units of $level scored in $year against the targets of targets.csv that apply to them:
-- the index against its target, each area against its own. Of several targets for one measure
-- the most specific holds: the unit's own before the level's, a named area before every area
-- ('*'). A target is met when the % rounded to 2 decimals (as ranks are) reaches it.
with scored as (
    select
        unit_id,
        unit_code,
        unit_name,
        rank,
        index_pct
    from unit_scores
    where year = $year
        and level = $level
),

set_targets as (
    select
        unit_code,
        area_code,
        min_pct
    from targets
    where year = $year
        and level = $level
),

index_targets as (
    select
        s.unit_id,
        cast(null as varchar) as area_code,
        s.index_pct as pct,
        t.min_pct,
        if(t.unit_code is null, 1, 0) as specificity
    from scored as s
    inner join set_targets as t
        on (t.unit_code is null or t.unit_code = s.unit_code)
        and t.area_code is null
),

area_targets as (
    select
        a.unit_id,
        a.area_code,
        a.area_pct as pct,
        t.min_pct,
        if(t.unit_code is null, 2, 0) + if(t.area_code = '*', 1, 0) as specificity
    from area_scores as a
    inner join scored as s using (unit_id)
    inner join set_targets as t
        on (t.unit_code is null or t.unit_code = s.unit_code)
        and (t.area_code = '*' or t.area_code = a.area_code)
    where a.year = $year
        and a.level = $level
        and a.area_pct is not null
),

chosen as (
    select *
    from (select * from index_targets union all select * from area_targets)
    qualify row_number() over (partition by unit_id, area_code order by specificity) = 1
),

final as (
    select
        s.unit_id,
        s.unit_code,
        s.unit_name,
        s.rank,
        c.area_code,
        c.pct,
        c.min_pct,
        round(c.pct, 2) >= c.min_pct as met,
        c.pct - c.min_pct as gap,
        ar.sort_order as area_sort
    from chosen as c
    inner join scored as s using (unit_id)
    left join areas as ar using (area_code)
)

select
    unit_id,
    unit_code,
    unit_name,
    rank,
    area_code,
    pct,
    min_pct,
    met,
    gap
from final
order by rank, unit_code, area_sort nulls first, area_code
