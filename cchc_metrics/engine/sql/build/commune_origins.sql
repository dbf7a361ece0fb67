-- Per commune version: the districts it belongs to or came from. A commune with a district has
-- that one; a commune without one (from 2025) has its ancestors' districts (partial ancestors
-- count: part of the territory came from their district). district_code and district_name (its
-- latest name) are set when there is one district, districts > 1 means a mixed origin.
with origins as (
    select
        unit_id,
        parent_code as district_code
    from units
    where level = 'commune'
        and parent_code is not null
    union all
    select
        c.unit_id,
        u.parent_code as district_code
    from units as c
    inner join lineage_ancestry as a on a.unit_id = c.unit_id
    inner join units as u on u.unit_id = a.ancestor_id
    where c.level = 'commune'
        and c.parent_code is null
        and u.parent_code is not null
),

grouped as (
    select
        unit_id,
        count(distinct district_code) as districts,
        min(district_code) as first_district_code,
        array_to_string(list_sort(list(distinct district_code)), ', ') as former_district_codes
    from origins
    group by unit_id
),

district_names as (
    select
        unit_code,
        arg_max(unit_name, coalesce(valid_to_year, 9999)) as unit_name
    from units
    where level = 'district'
    group by unit_code
),

final as (
    select
        g.unit_id,
        g.districts,
        case when g.districts = 1 then g.first_district_code end as district_code,
        case when g.districts = 1 then d.unit_name end as district_name,
        g.former_district_codes
    from grouped as g
    left join district_names as d on d.unit_code = g.first_district_code
)

select * from final
