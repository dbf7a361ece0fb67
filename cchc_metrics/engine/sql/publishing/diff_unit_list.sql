-- Unit versions (code and first year) added, removed or changed between the published list and the new one.
with keyed_old as (
    select
        *,
        unit_code || '@' || coalesce(cast(valid_from_year as varchar), '') as version_key
    from published
),

keyed_new as (
    select
        *,
        unit_code || '@' || coalesce(cast(valid_from_year as varchar), '') as version_key
    from candidate
),

final as (
    select
        case
            when o.version_key is null then 'added'
            when n.version_key is null then 'removed'
            else 'changed'
        end as change,
        coalesce(n.unit_code, o.unit_code) as unit_code,
        coalesce(n.unit_name, o.unit_name) as unit_name,
        coalesce(n.level, o.level) as level,
        coalesce(n.valid_from_year, o.valid_from_year) as valid_from_year,
        o.valid_to_year as published_valid_to_year,
        n.valid_to_year as new_valid_to_year
    from keyed_new as n
    full outer join keyed_old as o using (version_key)
    where o.version_key is null
        or n.version_key is null
        or o.unit_name is distinct from n.unit_name
        or o.unit_type is distinct from n.unit_type
        or o.level is distinct from n.level
        or o.parent_code is distinct from n.parent_code
        or o.valid_to_year is distinct from n.valid_to_year
)

select * from final
order by change, unit_code, valid_from_year
