-- The scores behind one unit version's history: its own, and each ancestor's in the years that
-- ancestor was scored. A partial ancestor weighs $partial_weight per partial link on its path.
-- Its rank is among its own level and former province that year (source_province).
with members as (
    select
        $unit_id as member_id,
        'self' as role,
        0 as depth,
        false as partial,
        1.0 as weight
    union all
    select
        ancestor_id as member_id,
        'predecessor' as role,
        depth,
        partial_links > 0 as partial,
        pow($partial_weight, partial_links) as weight
    from lineage_ancestry
    where unit_id = $unit_id
),

final as (
    select
        s.year,
        m.role,
        s.unit_id,
        s.unit_code,
        s.unit_name,
        s.level,
        s.parent_code,
        m.depth,
        m.partial,
        m.weight,
        s.index_pct,
        s.rank,
        s.ranked_units,
        s.source_province
    from members as m
    inner join unit_scores as s on s.unit_id = m.member_id
)

select * from final
order by year, depth, unit_code
