-- Whom one unit is compared with in one year, as rows of score_cells for the whole level (`unit`): the unit
-- itself, the units of its district (itself included; empty without a district) and the
-- unit ranked first (ties by code) with its name. No row when the unit was not scored then.
with scored as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        rank,
        row_number() over (order by rank, unit_code) - 1 as unit
    from unit_scores
    where year = $year
        and level = $level
),

own as (
    select
        unit,
        parent_code
    from scored
    where unit_id = $unit_id
),

best as (
    select
        unit as best_unit,
        unit_name as best_name
    from scored
    order by rank, unit_code
    limit 1
),

siblings as (
    select list(s.unit order by s.unit) as district_units
    from scored as s
    inner join own as o using (parent_code)
),

final as (
    select
        o.unit,
        s.district_units,
        b.best_unit,
        b.best_name
    from own as o
    cross join best as b
    cross join siblings as s
)

select * from final
