-- One unit version's index per year as its territory of today: its own score where it alone
-- covered that territory, else the weighted mean of itself and its ancestors scored that year.
-- Each member is named with its code and, for a former province's unit, that province.
with members as (
    select
        $unit_id as member_id,
        'self' as role,
        false as partial,
        1.0 as weight
    union all
    select
        ancestor_id as member_id,
        'predecessor' as role,
        partial_links > 0 as partial,
        pow($partial_weight, partial_links) as weight
    from lineage_ancestry
    where unit_id = $unit_id
),

scored as (
    select
        s.year,
        m.role,
        m.partial,
        m.weight,
        s.unit_code,
        s.unit_name,
        s.source_province,
        s.index_pct
    from members as m
    inner join unit_scores as s on s.unit_id = m.member_id
),

final as (
    select
        year,
        case when bool_and(role = 'self') then 'own' else 'predecessors' end as basis,
        sum(weight * index_pct) / sum(weight) as index_pct,
        count(*) as members,
        count(*) filter (where partial) as partial_members,
        bool_or(partial) as partial,
        string_agg(
            unit_name || ' (' || unit_code || coalesce(', ' || source_province, '') || ')', ', ' order by unit_code
        ) as member_names
    from scored
    group by year
)

select * from final
order by year
