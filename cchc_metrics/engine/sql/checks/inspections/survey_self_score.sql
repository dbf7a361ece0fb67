-- A self score on a survey criterion: survey points come from citizens and officials, never
-- from the unit itself.
select
    _row,
    'self_score' as column_name,
    cast(self_score as varchar) as value,
    criterion_code as detail
from checked_nodes
where (source = 'survey' or method = 'survey')
    and self_score is not null
