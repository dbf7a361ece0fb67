-- One row per unit and criterion: later copies are reported with the row of the first.
with numbered as (
    select
        _row,
        unit_code,
        criterion_code,
        min(_row) over (partition by unit_code, criterion_code) as first_row
    from checked
    where unit_code is not null
        and criterion_code is not null
),

final as (
    select
        _row,
        'criterion_code' as column_name,
        unit_code || ' × ' || criterion_code as value,
        cast(first_row as varchar) as detail
    from numbered
    where _row > first_row
)

select * from final
