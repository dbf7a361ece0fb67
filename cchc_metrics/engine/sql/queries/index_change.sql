-- The units of one level scored in both years (the same unit version): index and rank in each
-- and the change, most improved first.
with first_year as (
    select
        unit_id,
        index_pct,
        rank
    from unit_scores
    where level = $level
        and year = $from_year
),

last_year as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code,
        index_pct,
        rank
    from unit_scores
    where level = $level
        and year = $to_year
),

final as (
    select
        l.unit_id,
        l.unit_code,
        l.unit_name,
        l.parent_code,
        f.index_pct as from_pct,
        l.index_pct as to_pct,
        l.index_pct - f.index_pct as change_pct,
        f.rank as from_rank,
        l.rank as to_rank,
        f.rank - l.rank as rank_change
    from last_year as l
    inner join first_year as f using (unit_id)
)

select * from final
order by change_pct desc, unit_code
