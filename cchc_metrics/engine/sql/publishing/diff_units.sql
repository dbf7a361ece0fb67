-- Units present in only one of the published file (`published`) and the new one (`candidate`).
with old_units as (
    select distinct unit_code from published
),

new_units as (
    select distinct unit_code from candidate
),

changes as (
    select
        'added' as change,
        unit_code
    from new_units
    where unit_code not in (select unit_code from old_units)
    union all
    select
        'removed' as change,
        unit_code
    from old_units
    where unit_code not in (select unit_code from new_units)
),

final as (
    select
        c.change,
        c.unit_code,
        (
            select arg_max(u.unit_name, coalesce(u.valid_from_year, -9999))
            from units as u
            where u.unit_code = c.unit_code
        ) as unit_name
    from changes as c
)

select * from final
order by change, unit_code
