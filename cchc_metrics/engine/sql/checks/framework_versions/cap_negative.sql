-- Caps of bonus and penalty points are 0 or more (empty: no cap).
select
    _row,
    case when bonus_cap < 0 then 'bonus_cap' else 'penalty_cap' end as column_name,
    cast(least(coalesce(bonus_cap, 0), coalesce(penalty_cap, 0)) as varchar) as value,
    '' as detail
from checked
where bonus_cap < 0
    or penalty_cap < 0
