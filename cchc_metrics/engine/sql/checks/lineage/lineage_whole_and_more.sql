-- A unit that went whole into one new unit (merge_full, rename, unchanged) cannot also go
-- into another: its other links must say which part went where (merge_partial or split).
with links as (
    select
        _row,
        old_code,
        old_valid_to_year,
        new_code,
        change
    from checked
    where old_code is not null
        and old_valid_to_year is not null
),

final as (
    select
        a._row,
        'change' as column_name,
        a.change as value,
        string_agg(distinct b.new_code, ', ') as detail
    from links as a
    inner join links as b
        on b.old_code = a.old_code
        and b.old_valid_to_year = a.old_valid_to_year
        and b.new_code <> a.new_code
    where a.change not in ('merge_partial', 'split')
    group by a._row, a.change
)

select * from final
