-- Every resolved lineage link, old unit version → new unit version, oldest change first.
with final as (
    select
        old_code,
        old_name,
        old_valid_to_year,
        new_code,
        new_name,
        new_valid_from_year,
        change,
        partial,
        effective_date
    from lineage_links
)

select * from final
order by new_valid_from_year, new_code, old_code
