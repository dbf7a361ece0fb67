-- Each scheme (a first year, and a former province where schemes differ) needs a band starting
-- at 0 so that every index gets a band.
with schemes as (
    select
        source_province,
        from_year,
        min(_row) as first_row,
        min(min_pct) as lowest
    from checked
    where from_year is not null
    group by all
)

select
    first_row as _row,
    'min_pct' as column_name,
    cast(lowest as varchar) as value,
    cast(from_year as varchar) as detail
from schemes
where lowest <> 0
