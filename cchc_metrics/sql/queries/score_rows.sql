-- The units of one level in one year as the score tables show them, best first: index, rank,
-- rank in the district, band in $lang, change, and the name of the unit's district that year.
-- `row` is the unit's 0-based position in this order (score_cells refers to it). With
-- $parent_code (null: all), only the communes of that district.
with scored as (
    select
        year,
        unit_code,
        unit_name,
        level,
        parent_code,
        index_pct,
        rank,
        district_rank,
        case when $lang = 'vi' then band_vi else band_en end as band,
        delta_pct,
        rank_change
    from unit_scores
    where year = $year
        and level = $level
        and ($parent_code is null or parent_code = $parent_code)
),

districts as (
    select
        unit_code as parent_code,
        unit_name as district_name
    from units
    where level = 'district'
        and $year >= coalesce(valid_from_year, -9999)
        and $year <= coalesce(valid_to_year, 9999)
),

final as (
    select
        s.*,
        d.district_name,
        row_number() over (order by s.rank, s.unit_code) - 1 as row
    from scored as s
    left join districts as d using (parent_code)
)

select * from final
order by row
