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
            $year >= coalesce(valid_from_year, -9999)
            and $year <= coalesce(valid_to_year, 9999)
        )
)

select * from final
order by unit_code
