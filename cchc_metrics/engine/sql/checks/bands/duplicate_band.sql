-- Within one scheme each lower bound appears once.
with numbered as (
    select
        _row,
        from_year,
        min_pct,
        min(_row) over (partition by source_province, from_year, min_pct) as first_row
    from checked
    where from_year is not null
        and min_pct is not null
),

final as (
    select
        _row,
        'min_pct' as column_name,
        cast(min_pct as varchar) as value,
        cast(first_row as varchar) as detail
    from numbered
    where _row > first_row
)

select * from final
