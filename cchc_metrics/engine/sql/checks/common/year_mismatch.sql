-- Rows whose year differs from the file's year: one file holds one year.
select
    _row,
    'year' as column_name,
    cast(year as varchar) as value,
    cast($file_year as varchar) as detail
from checked
where year is not null
    and year <> $file_year
