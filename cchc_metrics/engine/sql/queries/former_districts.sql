-- The communes valid in one year with the district they belong to, or came from (the build's
-- commune_origins): one district, or 'mixed' when its ancestors came from several.
with communes as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from units
    where level = 'commune'
        and valid_in($year, valid_from_year, valid_to_year)
),

final as (
    select
        c.unit_id,
        c.unit_code,
        c.unit_name,
        c.parent_code,
        o.former_district_codes,
        case when o.districts > 1 then 'mixed' else o.district_code end as group_code,
        o.district_name as group_name
    from communes as c
    left join commune_origins as o using (unit_id)
)

select * from final
order by group_code, unit_code
