-- Every node of every framework version, with the level and years the version scores, the
-- stable area code of its area (a node's own, else its parent's or grandparent's), whether it is
-- scored itself (a leaf) or is the sum of its children, and where its points come from
-- (appraisal, or the sociological survey). Empty without framework files.
create or replace view framework_tree as
select
    n.framework_id,
    v.level,
    v.valid_from_year,
    v.valid_to_year,
    coalesce(v.survey_rule, 'rescale') as survey_rule,
    n.node_code,
    n.parent_code,
    n.level_kind,
    coalesce(n.area_code, p.area_code, g.area_code) as area_code,
    n.name_vi,
    coalesce(n.name_en, n.name_vi) as name_en,
    n.max_points,
    coalesce(n.source, p.source, g.source, 'appraisal') as source,
    n.rubric,
    n.sort_order,
    not exists (
        select 1
        from framework_nodes as c
        where c.framework_id = n.framework_id
            and c.parent_code = n.node_code
    ) as is_leaf
from framework_nodes as n
inner join framework_versions as v using (framework_id)
left join framework_nodes as p
    on p.framework_id = n.framework_id
    and p.node_code = n.parent_code
left join framework_nodes as g
    on g.framework_id = p.framework_id
    and g.node_code = p.parent_code;
