-- A unit version's predecessors and successors, direct (depth 1) and further back or on.
with related as (
    select
        'predecessor' as direction,
        ancestor_id as other_id,
        depth,
        partial_links > 0 as partial,
        change
    from lineage_ancestry
    where unit_id = $unit_id
    union all
    select
        'successor' as direction,
        unit_id as other_id,
        depth,
        partial_links > 0 as partial,
        change
    from lineage_ancestry
    where ancestor_id = $unit_id
),

final as (
    select
        r.direction,
        r.depth,
        u.unit_id,
        u.unit_code,
        u.unit_name,
        u.unit_type,
        u.level,
        u.parent_code,
        u.valid_from_year,
        u.valid_to_year,
        r.change,
        r.partial,
        l.effective_date
    from related as r
    inner join units as u on u.unit_id = r.other_id
    left join lineage_links as l
        on r.depth = 1
        and (
            (r.direction = 'predecessor' and l.old_unit_id = r.other_id and l.new_unit_id = $unit_id)
            or (r.direction = 'successor' and l.new_unit_id = r.other_id and l.old_unit_id = $unit_id)
        )
)

select * from final
order by direction, depth, unit_code
