-- One link (old version → new version) listed twice.
with numbered as (
    select
        _row,
        old_code,
        new_code,
        row_number() over (
            partition by old_code, old_valid_to_year, new_code, new_valid_from_year
            order by _row
        ) as nth
    from checked
    where old_code is not null
        and new_code is not null
),

final as (
    select
        _row,
        'new_code' as column_name,
        new_code as value,
        old_code as detail
    from numbered
    where nth > 1
)

select * from final
