-- Districts and communes carry their national statistics code: digits only. A department has no
-- such code: its code is letters and digits (SNV, S01), up to 12.
select
    _row,
    'unit_code' as column_name,
    unit_code as value,
    '' as detail
from checked
where unit_code is not null
    and case
        when level = 'department' then not regexp_full_match(unit_code, '[A-Za-z0-9._-]{1,12}')
        else not regexp_full_match(unit_code, '[0-9]+')
    end
