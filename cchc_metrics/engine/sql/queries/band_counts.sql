-- Units per band of the scheme in force for one level and year, best band first (empty bands too).
-- The scheme is the one the year's units were banded by (a former province's own, see
-- build/unit_scores.sql); for a level with no units, the province's own scheme of that year.
with used as (
    select distinct
        band_province,
        band_from_year
    from unit_scores
    where year = $year
        and level = $level
        and band_from_year is not null
),

in_force as (
    select * from used
    union all
    select
        '' as band_province,
        max(from_year) as band_from_year
    from bands
    where from_year <= $year
        and coalesce(source_province, '') = ''
        and not exists (select 1 from used)
),

scheme as (
    select b.*
    from bands as b
    inner join in_force as f
        on coalesce(b.source_province, '') = f.band_province
        and b.from_year = f.band_from_year
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
