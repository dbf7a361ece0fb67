-- The communes valid in one year: code and name, by code.
with final as (
    select
        unit_code,
        unit_name
    from units
    where level = 'commune'
        and $year >= coalesce(valid_from_year, -9999)
        and $year <= coalesce(valid_to_year, 9999)
)

select * from final
order by unit_code
