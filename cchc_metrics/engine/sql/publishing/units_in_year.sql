-- The unit versions valid in a year (every version when $year is null), to match names against.
with final as (
    select
        unit_code,
        unit_name,
        unit_type,
        level
    from units
    where $year is null
        or (
            valid_in($year, valid_from_year, valid_to_year)
        )
)

select * from final
order by unit_code
