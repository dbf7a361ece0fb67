-- The effective date should fall in the new unit's first year.
with final as (
    select
        _row,
        'effective_date' as column_name,
        cast(effective_date as varchar) as value,
        cast(new_valid_from_year as varchar) as detail
    from checked
    where effective_date is not null
        and new_valid_from_year is not null
        and year(effective_date) <> new_valid_from_year
)

select * from final
