-- Per district and year, two things kept apart: the district government's own index (as an
-- assessed unit) and the distribution of its communes' indices. Built for the years bound as $years.
with communes as (
    select
        year,
        parent_code as district_code,
        count(*) as communes,
        avg(index_pct) as communes_mean_pct,
        median(index_pct) as communes_median_pct,
        min(index_pct) as communes_min_pct,
        max(index_pct) as communes_max_pct
    from unit_scores
    where list_contains($years, year)
        and level = 'commune'
        and parent_code is not null
    group by all
),

districts as (
    select
        year,
        unit_id,
        unit_code as district_code,
        unit_name as district_name,
        index_pct as district_index_pct,
        rank as district_rank
    from unit_scores
    where list_contains($years, year)
        and level = 'district'
),

final as (
    select
        c.year,
        c.district_code,
        coalesce(d.district_name, u.unit_name) as district_name,
        d.district_index_pct,
        d.district_rank,
        c.communes,
        c.communes_mean_pct,
        c.communes_median_pct,
        c.communes_min_pct,
        c.communes_max_pct
    from communes as c
    left join districts as d using (year, district_code)
    left join units as u
        on u.unit_code = c.district_code
        and valid_in(c.year, u.valid_from_year, u.valid_to_year)
)

select * from final
