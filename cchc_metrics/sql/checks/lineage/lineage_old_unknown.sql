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
                and c.old_valid_to_year >= coalesce(u.valid_from_year, -9999)
                and c.old_valid_to_year <= coalesce(u.valid_to_year, 9999)
        )
)

select * from final
