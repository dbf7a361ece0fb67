-- The inspection findings of one unit version, every year it was inspected, newest first.
with final as (
    select
        f.year,
        f.inspected_on,
        f.kind,
        f.area_code,
        f.criterion_code,
        f.text
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    where u.unit_id = $unit_id
)

select * from final
order by year desc, kind, criterion_code
