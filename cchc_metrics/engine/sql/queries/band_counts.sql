-- Units per band of the scheme in force for one level and year, best band first (empty bands too).
with scheme as (
    select *
    from bands
    where from_year = (select max(from_year) from bands where from_year <= $year)
),

counted as (
    select
        band_min_pct,
        count(*) as units
    from unit_scores
    where year = $year
        and level = $level
    group by all
),

final as (
    select
        s.label_vi as band_vi,
        s.label_en as band_en,
        s.min_pct as band_min_pct,
        coalesce(c.units, 0) as units
    from scheme as s
    left join counted as c on c.band_min_pct = s.min_pct
)

select * from final
order by band_min_pct desc
