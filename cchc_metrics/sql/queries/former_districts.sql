-- The communes valid in one year with the district they belong to, or came from: a commune
-- without a district (from 2025) takes its ancestors' former district when they all share one,
-- else 'mixed'. Partial ancestors count: part of the territory came from their district.
with communes as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from units
    where level = 'commune'
        and $year >= coalesce(valid_from_year, -9999)
        and $year <= coalesce(valid_to_year, 9999)
),

origins as (
    select
        unit_id,
        parent_code as district_code
    from communes
    where parent_code is not null
    union all
    select
        c.unit_id,
        u.parent_code as district_code
    from communes as c
    inner join lineage_ancestry as a on a.unit_id = c.unit_id
    inner join units as u on u.unit_id = a.ancestor_id
    where c.parent_code is null
        and u.parent_code is not null
),

grouped as (
    select
        unit_id,
        count(distinct district_code) as districts,
        min(district_code) as district_code,
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
        c.unit_id,
        c.unit_code,
        c.unit_name,
        c.parent_code,
        g.former_district_codes,
        case
            when g.districts = 1 then g.district_code
            when g.districts > 1 then 'mixed'
        end as group_code,
        case when g.districts = 1 then d.unit_name end as group_name
    from communes as c
    left join grouped as g using (unit_id)
    left join district_names as d on d.unit_code = g.district_code
)

select * from final
order by group_code, unit_code
