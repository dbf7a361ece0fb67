-- The unit versions of one level valid in one year, with the name of their district that year.
with chosen as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from units
    where level = $level
        and valid_in($year, valid_from_year, valid_to_year)
),

final as (
    select
        c.unit_id,
        c.unit_code,
        c.unit_name,
        c.parent_code,
        d.unit_name as district_name
    from chosen as c
    left join units as d
        on d.unit_code = c.parent_code
        and d.level = 'district'
        and valid_in($year, d.valid_from_year, d.valid_to_year)
)

select * from final
order by unit_code
