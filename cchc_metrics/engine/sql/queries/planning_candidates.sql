-- The units of $level (communes, or departments) valid in $year, each with the risk facts an inspection draw weighs, read over
-- its territory: the unit itself and, through the lineage, its ancestors (a partial ancestor
-- weighs $partial_weight per partial link), so a new unit carries its predecessors' record.
-- Scores are those of $basis_year; findings are those of the years before $year. Chronic
-- weaknesses are not here: they follow the analysis rule (province.territory_chronic_weaknesses).
with candidates as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from units
    where level = $level
        and valid_in($year, valid_from_year, valid_to_year)
),

members as (
    select
        unit_id,
        unit_id as member_id,
        1.0 as weight
    from candidates
    union all
    select
        c.unit_id,
        a.ancestor_id as member_id,
        pow($partial_weight, a.partial_links) as weight
    from candidates as c
    inner join lineage_ancestry as a using (unit_id)
),

basis as (
    select
        m.unit_id,
        sum(m.weight * s.index_pct) / sum(m.weight) as index_pct,
        sum(m.weight * (s.self_pct - s.index_pct)) filter (where s.self_pct is not null)
            / nullif(sum(m.weight) filter (where s.self_pct is not null), 0) as gap_pct
    from members as m
    inner join unit_scores as s
        on s.unit_id = m.member_id
        and s.year = $basis_year
    group by m.unit_id
),

found as (
    select
        f.year,
        f.kind,
        f.criterion_code,
        f.inspected_on,
        u.unit_id
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    where f.year < $year
),

inspected as (
    select
        m.unit_id,
        max(f.year) as last_inspected_year,
        max(f.inspected_on) as last_inspected_on
    from members as m
    inner join found as f on f.unit_id = m.member_id
    group by m.unit_id
),

-- the criteria that earlier weakness findings name, per candidate: only these are read below
-- (a year of a country's criterion rows is a million; the findings name a few thousand)
named as (
    select distinct
        m.unit_id,
        f.criterion_code
    from members as m
    inner join found as f on f.unit_id = m.member_id
    where f.kind = 'weakness'
),

criterion_now as (
    select
        m.unit_id,
        i.criterion_code,
        100 * sum(m.weight * i.score) / sum(m.weight * i.max_points) as criterion_pct
    from named as n
    inner join members as m on m.unit_id = n.unit_id
    inner join units as u on u.unit_id = m.member_id
    inner join inspections as i
        on i.unit_code = u.unit_code
        and i.criterion_code = n.criterion_code
        and i.year = $basis_year
        and valid_in(i.year, u.valid_from_year, u.valid_to_year)
    where i.score is not null
    group by all
),

unfixed as (
    select
        m.unit_id,
        count(distinct f.criterion_code) as unfixed_weaknesses,
        array_to_string(list_sort(list(distinct f.criterion_code)), ', ') as unfixed_criteria
    from members as m
    inner join found as f on f.unit_id = m.member_id
    inner join criterion_now as n
        on n.unit_id = m.unit_id
        and n.criterion_code = f.criterion_code
    where f.kind = 'weakness'
        and n.criterion_pct < $fixed_pct
    group by m.unit_id
),

final as (
    select
        c.unit_id,
        c.unit_code,
        c.unit_name,
        c.parent_code,
        b.index_pct,
        b.gap_pct,
        coalesce(w.unfixed_weaknesses, 0) as unfixed_weaknesses,
        w.unfixed_criteria,
        i.last_inspected_year,
        i.last_inspected_on
    from candidates as c
    left join basis as b using (unit_id)
    left join inspected as i using (unit_id)
    left join unfixed as w using (unit_id)
)

select * from final
order by unit_code
