-- Every weak unit × area of `positions` (the rows of build/area_positions.sql for one year, level and
-- peer rule: common.query_over_positions), with whom to learn from as one line of text.
-- Mentors (peers.learn_from): peers of the same level, year and area that are strong in it or
-- have the best score in it, not the unit itself; those of the same district first, then by
-- area % (best first), then code; the first $mentors of them. Only the good peers of the same
-- district and the field's best $mentors + D + 1 can qualify (D: most good peers in one
-- district; + 1: the unit itself), so the pairs stay few at national scale.
-- Each mentor is written with $mentor_format (a format string: name, code, area %), the %
-- with two decimals and the marks $number_marks (thousands then decimal mark), joined by '; '.
-- A weak unit outside the districts of the field's first $mentors leaders finds its mentors
-- from elsewhere among those first $mentors + 1.
with weak as (
    select
        year,
        level,
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        area_code,
        area_pct,
        peer_q1,
        peer_median,
        gap_to_median,
        area_rank,
        peers,
        district_position
    from positions
    where position = 'weak'
),

good as (
    select
        year,
        level,
        area_code,
        unit_id as mentor_unit_id,
        unit_code as mentor_code,
        parent_code as mentor_parent,
        area_pct as mentor_pct,
        format(
            $mentor_format,
            unit_name,
            unit_code,
            translate(format('{:,.2f}', area_pct), ',.', $number_marks)
        ) as mentor_text
    from positions
    where position = 'strong'
        or area_pct >= peer_best
),

district_counts as (
    select
        year,
        level,
        area_code,
        mentor_parent,
        count(*) as good_peers
    from good
    where mentor_parent is not null
    group by all
),

crowds as (
    select
        year,
        level,
        area_code,
        max(good_peers) as crowd
    from district_counts
    group by all
),

leaders as (
    select
        g.*,
        row_number() over (
            partition by g.year, g.level, g.area_code
            order by g.mentor_pct desc, g.mentor_code
        ) as place,
        coalesce(c.crowd, 0) as crowd
    from good as g
    left join crowds as c using (year, level, area_code)
),

-- the districts among a field's first $mentors leaders: only a weak unit of one of them has
-- to look further down the field for mentors from elsewhere
crowded as (
    select distinct
        year,
        level,
        area_code,
        mentor_parent as parent_code
    from leaders
    where place <= $mentors
        and mentor_parent is not null
),

near as (
    select
        w.year,
        w.unit_id,
        w.area_code,
        w.parent_code,
        g.mentor_unit_id,
        g.mentor_code,
        g.mentor_parent,
        g.mentor_pct,
        g.mentor_text
    from weak as w
    inner join good as g
        on g.year = w.year
        and g.level = w.level
        and g.area_code = w.area_code
        and g.mentor_parent = w.parent_code
),

candidates as (
    select
        w.year,
        w.unit_id,
        w.area_code,
        w.parent_code,
        w.level,
        c.parent_code is not null as crowded
    from weak as w
    left join crowded as c
        on c.year = w.year
        and c.level = w.level
        and c.area_code = w.area_code
        and c.parent_code = w.parent_code
),

-- two branches that differ only in how far down the field they look: one join whose bound
-- depends on the weak unit cannot be filtered before joining (national: 0.13 s as two, 0.21 s
-- as one with a pre-bound, 0.42 s without)
far as (
    select
        w.year,
        w.unit_id,
        w.area_code,
        w.parent_code,
        l.mentor_unit_id,
        l.mentor_code,
        l.mentor_parent,
        l.mentor_pct,
        l.mentor_text
    from candidates as w
    inner join leaders as l
        on l.year = w.year
        and l.level = w.level
        and l.area_code = w.area_code
    where not w.crowded
        and l.place <= $mentors + 1
        and not coalesce(l.mentor_parent = w.parent_code, false)
    union all
    select
        w.year,
        w.unit_id,
        w.area_code,
        w.parent_code,
        l.mentor_unit_id,
        l.mentor_code,
        l.mentor_parent,
        l.mentor_pct,
        l.mentor_text
    from candidates as w
    inner join leaders as l
        on l.year = w.year
        and l.level = w.level
        and l.area_code = w.area_code
    where w.crowded
        and l.place <= $mentors + l.crowd + 1
        and not coalesce(l.mentor_parent = w.parent_code, false)
),

pairs as (
    select
        *,
        coalesce(parent_code = mentor_parent, false) as same_district
    from (
        select * from near
        union all
        select * from far
    )
    where unit_id <> mentor_unit_id
),

lines as (
    select
        year,
        unit_id,
        area_code,
        -- the first $mentors: same district first, then by area % (best first), then code
        min_by(mentor_text, (not same_district, -mentor_pct, mentor_code), greatest($mentors, 1)) as mentors
    from pairs
    group by all
),

final as (
    select
        w.*,
        case when $mentors > 0 then array_to_string(l.mentors, '; ') end as learn_from
    from weak as w
    left join lines as l using (year, unit_id, area_code)
)

select * from final
order by level, gap_to_median, unit_code, area_code
