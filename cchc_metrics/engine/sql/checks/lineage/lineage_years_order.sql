-- The new arrangement starts after the old one's last year.
with final as (
    select
        _row,
        'new_valid_from_year' as column_name,
        cast(new_valid_from_year as varchar) as value,
        cast(old_valid_to_year as varchar) as detail
    from checked
    where new_valid_from_year <= old_valid_to_year
)

select * from final
