-- The rows of the yearly file being checked (`checked`) with the framework node each names: the
-- version in force for the row's year and its unit's level. Rows of a year and level without a
-- framework version are left out; node_code is empty where the criterion is not in the version.
create or replace temp view checked_nodes as
with located as (
    select
        c._row,
        c.year,
        c.unit_code,
        c.area_code,
        c.criterion_code,
        c.max_points,
        c.self_score,
        c.method,
        u.level
    from checked as c
    inner join units as u
        on u.unit_code = c.unit_code
        and valid_in(c.year, u.valid_from_year, u.valid_to_year)
),

versions as (
    select distinct
        framework_id,
        level,
        valid_from_year,
        valid_to_year
    from framework_tree
)

select
    l.*,
    v.framework_id,
    t.node_code,
    t.is_leaf,
    t.max_points as node_max_points,
    t.area_code as node_area_code,
    t.source
from located as l
inner join versions as v
    on v.level = l.level
    and valid_in(l.year, v.valid_from_year, v.valid_to_year)
left join framework_tree as t
    on t.framework_id = v.framework_id
    and t.node_code = l.criterion_code;
