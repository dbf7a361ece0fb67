-- The units of one level in one year as the score tables show them, best first: index, rank,
-- rank in the district, band in $lang, change, and the name of the unit's district that year.
-- With $parent_code (null: all), only the communes of that district. score_cells holds the
-- area % of the same units (join on unit_id).
with scored as (
    select
        year,
        unit_id,
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
        and valid_in($year, valid_from_year, valid_to_year)
),

final as (
    select
        s.*,
        d.district_name
    from scored as s
    left join districts as d using (parent_code)
)

select * from final
order by rank, unit_code
