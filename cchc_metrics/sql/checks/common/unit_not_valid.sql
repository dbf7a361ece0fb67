-- Unit codes that exist, but not in the row's year (merged away, or not yet created).
with versions as (
    select
        unit_code,
        string_agg(
            unit_name || ' ' || coalesce(cast(valid_from_year as varchar), '…') || '–'
                || coalesce(cast(valid_to_year as varchar), '…'),
            '; '
        ) as spans
    from units
    group by unit_code
),

final as (
    select
        c._row,
        'unit_code' as column_name,
        c.unit_code as value,
        v.spans as detail
    from checked as c
    inner join versions as v on v.unit_code = c.unit_code
    where c.year is not null
        and not exists (
            select 1
            from units as u
            where u.unit_code = c.unit_code
                and c.year >= coalesce(u.valid_from_year, -9999)
                and c.year <= coalesce(u.valid_to_year, 9999)
        )
)

select * from final
