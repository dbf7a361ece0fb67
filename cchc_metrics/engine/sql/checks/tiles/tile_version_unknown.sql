-- A valid_from_year names a version of the code: one that begins that year must exist.
with final as (
    select
        c._row,
        'valid_from_year' as column_name,
        cast(c.valid_from_year as varchar) as value,
        c.unit_code as detail
    from checked as c
    where c.valid_from_year is not null
        and c.unit_code in (select unit_code from units)
        and not exists (
            select 1
            from units as u
            where u.unit_code = c.unit_code
                and u.valid_from_year = c.valid_from_year
        )
)

select * from final
