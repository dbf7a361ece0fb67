-- Two units of one level valid in a common year on one tile (the macro tile_places says which
-- version a row places); units of different years (before and after a reorganisation) may
-- share a tile, as they are never drawn together.
with named as (
    select
        unit_code,
        list(valid_from_year) filter (where valid_from_year is not null) as named_years
    from checked
    group by unit_code
),

placed as (
    select
        c._row,
        c.unit_code,
        c."row",
        c.col,
        u.unit_id,
        u.level,
        u.valid_from_year,
        u.valid_to_year
    from checked as c
    inner join named as n using (unit_code)
    inner join units as u
        on u.unit_code = c.unit_code
        and tile_places(c.valid_from_year, u.valid_from_year, n.named_years)
),

final as (
    select distinct
        b._row,
        'row' as column_name,
        b.unit_code as value,
        a.unit_code as detail
    from placed as a
    inner join placed as b
        on a."row" = b."row"
        and a.col = b.col
        and a.level = b.level
        and a._row < b._row
        and a.unit_id <> b.unit_id
        and years_overlap(a.valid_from_year, a.valid_to_year, b.valid_from_year, b.valid_to_year)
)

select * from final
