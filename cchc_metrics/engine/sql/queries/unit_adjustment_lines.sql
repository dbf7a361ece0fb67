-- A unit's bonus and penalty lines of one year, as the file gives them (before any cap).
select
    a.kind,
    a.points,
    a.reason,
    a.source_document
from adjustments as a
where a.year = $year
    and a.unit_code = $unit_code
order by a.kind, a.points desc
