-- The crosswalk between framework versions, with the nodes' names on both ends.
select
    c.from_framework,
    c.from_node,
    f.name_vi as from_name_vi,
    f.name_en as from_name_en,
    c.to_framework,
    c.to_node,
    t.name_vi as to_name_vi,
    t.name_en as to_name_en,
    c.relation
from crosswalk as c
left join framework_nodes as f
    on f.framework_id = c.from_framework
    and f.node_code = c.from_node
left join framework_nodes as t
    on t.framework_id = c.to_framework
    and t.node_code = c.to_node
order by c.to_framework, c.from_framework, c.to_node, c.from_node
