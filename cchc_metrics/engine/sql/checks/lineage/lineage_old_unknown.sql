-- The old unit must exist as a version valid in its last year (old_valid_to_year).
with final as (
    select
        c._row,
        'old_code' as column_name,
        c.old_code as value,
        cast(c.old_valid_to_year as varchar) as detail
    from checked as c
    where c.old_code is not null
        and c.old_valid_to_year is not null
        and not exists (
            select 1
            from units as u
            where u.unit_code = c.old_code
                and valid_in(c.old_valid_to_year, u.valid_from_year, u.valid_to_year)
        )
)

select * from final
