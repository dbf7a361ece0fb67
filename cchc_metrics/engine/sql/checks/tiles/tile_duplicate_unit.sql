-- One unit version on two tiles: a code listed twice with the same valid_from_year (or twice
-- without one).
with final as (
    select
        b._row,
        'unit_code' as column_name,
        b.unit_code as value,
        cast(a._row as varchar) as detail
    from checked as a
    inner join checked as b
        on a.unit_code = b.unit_code
        and a._row < b._row
        and a.valid_from_year is not distinct from b.valid_from_year
)

select * from final
