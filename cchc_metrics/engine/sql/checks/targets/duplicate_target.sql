-- One target per year, level, unit (or every unit) and area (or the index, or every area).
with numbered as (
    select
        _row,
        min(_row) over (
            partition by year, level, coalesce(unit_code, ''), coalesce(area_code, '')
        ) as first_row
    from checked
    where year is not null
        and level is not null
),

final as (
    select
        _row,
        'min_pct' as column_name,
        '' as value,
        cast(first_row as varchar) as detail
    from numbered
    where _row > first_row
)

select * from final
