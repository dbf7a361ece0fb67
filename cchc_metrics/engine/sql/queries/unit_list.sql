-- The communes valid in one year: code and name, by code.
with final as (
    select
        unit_code,
        unit_name
    from units
    where level = 'commune'
        and valid_in($year, valid_from_year, valid_to_year)
)

select * from final
order by unit_code
