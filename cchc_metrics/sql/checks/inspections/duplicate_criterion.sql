-- One row per unit and criterion: later copies are reported with the row of the first.
-- Grouping first keeps only the repeated pairs (a window over every pair is 3-4x slower on a
-- million-row file).
with repeated as (
    select
        unit_code,
        criterion_code,
        min(_row) as first_row
    from checked
    where unit_code is not null
        and criterion_code is not null
    group by all
    having count(*) > 1
),

final as (
    select
        c._row,
        'criterion_code' as column_name,
        c.unit_code || ' × ' || c.criterion_code as value,
        cast(r.first_row as varchar) as detail
    from checked as c
    inner join repeated as r using (unit_code, criterion_code)
    where c._row > r.first_row
)

select * from final
