-- The classification schemes in force in every scored year: one row per year, scheme and band,
-- best first. A year whose former provinces each kept their own scheme (bands.csv source_province)
-- has one scheme per province; `province` is '' for the province's own.
with used as (
    select distinct
        year,
        band_province as province,
        band_from_year as from_year
    from unit_scores
    where band_from_year is not null
),

final as (
    select
        u.year,
        u.province,
        u.from_year,
        b.label_vi,
        b.label_en,
        b.min_pct
    from used as u
    inner join bands as b
        on coalesce(b.source_province, '') = u.province
        and b.from_year = u.from_year
)

select * from final
order by year, province, min_pct desc
