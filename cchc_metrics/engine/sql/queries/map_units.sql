-- Every version of the units of one level (a tile map keeps a unit's tile from year to year), with
-- its tile when tiles.csv places it, the group it is laid out in when tiles.csv does not (its
-- district, or from 2025 the former district of its predecessors) and whether it is valid in $year.
with versions as (
    select
        unit_id,
        unit_code,
        unit_name,
        unit_type,
        parent_code,
        valid_from_year,
        valid_to_year,
        source_province
    from units
    where level = $level
),

named as (
    select
        unit_code,
        list(valid_from_year) filter (where valid_from_year is not null) as named_years
    from tiles
    group by unit_code
),

placed as (
    select
        v.unit_id,
        t."row" as tile_row,
        t.col as tile_col
    from versions as v
    inner join named as n using (unit_code)
    inner join tiles as t
        on t.unit_code = v.unit_code
        and tile_places(t.valid_from_year, v.valid_from_year, n.named_years)
),

final as (
    select
        v.unit_id,
        v.unit_code,
        v.unit_name,
        v.unit_type,
        v.valid_from_year,
        v.source_province,
        coalesce(v.parent_code, o.district_code) as group_code,
        p.tile_row,
        p.tile_col,
        valid_in($year, v.valid_from_year, v.valid_to_year) as in_year
    from versions as v
    left join placed as p using (unit_id)
    left join commune_origins as o using (unit_id)
)

select * from final
order by valid_from_year nulls first, unit_code
