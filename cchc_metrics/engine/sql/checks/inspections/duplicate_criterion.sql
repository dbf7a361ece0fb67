-- One row per unit and criterion: later copies are reported with the row of the first.
-- `_pair_rows` counts the file's rows of each (unit_code, criterion_code) pair (validation.PAIR_ROWS,
-- from the columns' dictionaries): only rows of a repeated pair are grouped on their texts.
with copies as (
    select
        _row,
        unit_code,
        criterion_code
    from checked
    where _pair_rows > 1
),

repeated as (
    select
        unit_code,
        criterion_code,
        min(_row) as first_row
    from copies
    group by all
),

final as (
    select
        c._row,
        'criterion_code' as column_name,
        c.unit_code || ' × ' || c.criterion_code as value,
        cast(r.first_row as varchar) as detail
    from copies as c
    inner join repeated as r using (unit_code, criterion_code)
    where c._row > r.first_row
)

select * from final
