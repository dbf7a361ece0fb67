-- An area node names its stable area code, one of areas.csv: trends across versions run on it.
select
    _row,
    'area_code' as column_name,
    coalesce(area_code, '') as value,
    '' as detail
from checked
where level_kind = 'area'
    and (area_code is null or area_code not in (select area_code from areas))
