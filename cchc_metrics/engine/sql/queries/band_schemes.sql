-- The classification scheme in force in every scored year: one row per year and band, best first.
with scored_years as (
    select distinct year
    from unit_scores
),

in_force as (
    select
        y.year,
        max(b.from_year) as from_year
    from scored_years as y
    inner join bands as b on b.from_year <= y.year
    group by y.year
),

final as (
    select
        f.year,
        f.from_year,
        b.label_vi,
        b.label_en,
        b.min_pct
    from in_force as f
    inner join bands as b on b.from_year = f.from_year
)

select * from final
order by year, min_pct desc
