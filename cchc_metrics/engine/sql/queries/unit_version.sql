-- The version of a unit code valid in one year (none or one row: versions never overlap).
with final as (
    select
        unit_id,
        unit_code,
        unit_name,
        unit_type,
        level,
        parent_code,
        valid_from_year,
        valid_to_year
    from units
    where unit_code = $unit_code
        and valid_in($year, valid_from_year, valid_to_year)
)

select * from final
