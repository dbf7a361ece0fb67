-- Each lineage row resolved to unit versions: the old version valid in its last year and the new
-- version valid in its first year. Joining on code and year keeps a reused code's units apart.
with resolved as (
    select
        o.unit_id as old_unit_id,
        l.old_code,
        o.unit_name as old_name,
        o.level as old_level,
        o.parent_code as old_parent_code,
        l.old_valid_to_year,
        n.unit_id as new_unit_id,
        l.new_code,
        n.unit_name as new_name,
        n.level as new_level,
        n.parent_code as new_parent_code,
        l.new_valid_from_year,
        l.change,
        l.effective_date
    from lineage as l
    inner join units as o
        on o.unit_code = l.old_code
        and valid_in(l.old_valid_to_year, o.valid_from_year, o.valid_to_year)
    inner join units as n
        on n.unit_code = l.new_code
        and valid_in(l.new_valid_from_year, n.valid_from_year, n.valid_to_year)
),

final as (
    select
        *,
        change in ('merge_partial', 'split') as partial
    from resolved
    -- a link of a version to itself (a unit that absorbed others) adds nothing to its ancestry
    where old_unit_id <> new_unit_id
)

select * from final
