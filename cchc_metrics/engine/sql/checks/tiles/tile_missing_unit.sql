-- A unit of a level the file lays out that has no tile: the map places it under the others.
with named as (
    select
        unit_code,
        list(valid_from_year) filter (where valid_from_year is not null) as named_years
    from checked
    group by unit_code
),

placed as (
    select u.unit_id
    from checked as c
    inner join named as n using (unit_code)
    inner join units as u
        on u.unit_code = c.unit_code
        and tile_places(c.valid_from_year, u.valid_from_year, n.named_years)
),

levels as (
    select distinct u.level
    from units as u
    where u.unit_id in (select unit_id from placed)
),

final as (
    select
        cast(null as bigint) as _row,
        'unit_code' as column_name,
        u.unit_code as value,
        coalesce(cast(u.valid_from_year as varchar), '') as detail
    from units as u
    where u.level in (select level from levels)
        and u.unit_id not in (select unit_id from placed)
)

select * from final
