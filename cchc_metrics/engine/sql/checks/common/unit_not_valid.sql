-- Unit codes that exist, but not in the row's year (merged away, or not yet created).
-- Checked once per (unit, year) pair of the file (checked_unit_years, validation.UNIT_YEARS), then
-- only the failing pairs go back to the rows.
with pairs as (
    select
        unit_code,
        year
    from checked_unit_years
    where year is not null
),

invalid as (
    select
        p.unit_code,
        p.year
    from pairs as p
    where p.unit_code in (select unit_code from units)
        and not exists (
            select 1
            from units as u
            where u.unit_code = p.unit_code
                and valid_in(p.year, u.valid_from_year, u.valid_to_year)
        )
),

versions as (
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
    inner join invalid as i using (unit_code, year)
    inner join versions as v on v.unit_code = c.unit_code
)

select * from final
