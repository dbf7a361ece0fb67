-- Every unit version's ancestors, however many reorganisations back: one row per path, with
-- the number of links and of partial links on it (a partial ancestor counts only in part).
with recursive paths (unit_id, ancestor_id, depth, partial_links, last_change) as (
    select
        new_unit_id,
        old_unit_id,
        1,
        case when partial then 1 else 0 end,
        change
    from lineage_links
    union all
    select
        p.unit_id,
        l.old_unit_id,
        p.depth + 1,
        p.partial_links + case when l.partial then 1 else 0 end,
        l.change
    from paths as p
    inner join lineage_links as l on l.new_unit_id = p.ancestor_id
    where p.depth < 20
),

final as (
    select
        unit_id,
        ancestor_id,
        min(depth) as depth,
        min(partial_links) as partial_links,
        count(*) as paths,
        arg_min(last_change, depth) as change
    from paths
    group by unit_id, ancestor_id
)

select * from final
