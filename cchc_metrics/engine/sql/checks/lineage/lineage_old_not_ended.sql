-- An old unit that went whole into another should end in old_valid_to_year; one still valid
-- afterwards means a wrong year (only a partial change leaves the old unit in place).
with final as (
    select
        c._row,
        'old_valid_to_year' as column_name,
        cast(c.old_valid_to_year as varchar) as value,
        u.unit_name || ' ' || coalesce(cast(u.valid_from_year as varchar), '…') || '–'
            || coalesce(cast(u.valid_to_year as varchar), '…') as detail
    from checked as c
    inner join units as u
        on u.unit_code = c.old_code
        and valid_in(c.old_valid_to_year, u.valid_from_year, u.valid_to_year)
    where c.change not in ('merge_partial', 'split')
        and coalesce(u.valid_to_year, 9999) > c.old_valid_to_year
)

select * from final
