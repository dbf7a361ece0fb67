-- Each area code appears once.
with numbered as (
    select
        _row,
        area_code,
        min(_row) over (partition by area_code) as first_row
    from checked
    where area_code is not null
),

final as (
    select
        _row,
        'area_code' as column_name,
        area_code as value,
        cast(first_row as varchar) as detail
    from numbered
    where _row > first_row
)

select * from final
