-- Whom one unit is compared with in one year: the units of its district (itself included;
-- empty without a district) and the unit ranked first (ties by code) with its name, as
-- unit_ids. No row when the unit was not scored then.
with scored as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        rank
    from unit_scores
    where year = $year
        and level = $level
),

own as (
    select parent_code
    from scored
    where unit_id = $unit_id
),

best as (
    select
        unit_id as best_unit_id,
        unit_name as best_name
    from scored
    order by rank, unit_code
    limit 1
),

siblings as (
    select list(s.unit_id order by s.rank, s.unit_code) as district_unit_ids
    from scored as s
    inner join own as o using (parent_code)
),

final as (
    select
        s.district_unit_ids,
        b.best_unit_id,
        b.best_name
    from own as o
    cross join best as b
    cross join siblings as s
)

select * from final
