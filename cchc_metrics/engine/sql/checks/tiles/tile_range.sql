-- A tile's row and column are counted from 0 (the top left), and stay within TILE_MAX.
with cells as (
    select
        _row,
        'row' as column_name,
        "row" as place
    from checked
    union all
    select
        _row,
        'col' as column_name,
        col as place
    from checked
),

final as (
    select
        _row,
        column_name,
        cast(place as varchar) as value,
        '' as detail
    from cells
    where place < 0
        or place > 999
)

select * from final
