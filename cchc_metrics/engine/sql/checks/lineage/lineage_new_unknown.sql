-- The new unit must exist as a version valid in its first year (new_valid_from_year).
with final as (
    select
        c._row,
        'new_code' as column_name,
        c.new_code as value,
        cast(c.new_valid_from_year as varchar) as detail
    from checked as c
    where c.new_code is not null
        and c.new_valid_from_year is not null
        and not exists (
            select 1
            from units as u
            where u.unit_code = c.new_code
                and valid_in(c.new_valid_from_year, u.valid_from_year, u.valid_to_year)
        )
)

select * from final
