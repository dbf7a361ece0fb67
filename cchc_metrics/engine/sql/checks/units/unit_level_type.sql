-- The unit type fixes the level: quận/huyện/thị xã/thành phố are districts, phường/xã/thị trấn communes.
select
    _row,
    'level' as column_name,
    level as value,
    lower(unit_type) as detail
from checked
where level is not null
    and lower(unit_type) in ('quận', 'huyện', 'thị xã', 'thành phố', 'phường', 'xã', 'thị trấn')
    and level <> case
        when lower(unit_type) in ('quận', 'huyện', 'thị xã', 'thành phố') then 'district'
        else 'commune'
    end
