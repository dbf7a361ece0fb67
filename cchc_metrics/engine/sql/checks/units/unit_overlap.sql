-- Versions of one code must not overlap in time: a code means one unit in any given year.
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
        and years_overlap(a.valid_from_year, a.valid_to_year, b.valid_from_year, b.valid_to_year)
)

select * from final
