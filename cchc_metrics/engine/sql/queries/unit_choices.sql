-- Every version of a unit of one level ever scored, for a searchable picker: first and last
-- year scored, its district's name (district_names) and its label "Name (code, district,
-- years)": the code only where two versions share a name, the years only where the version
-- was scored in part of the level's years. Sorted as labels.sort_key sorts the label, then by
-- unit_id.
with scored as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from unit_scores
    where level = $level
),

level_span as (
    select
        min(year) as all_first,
        max(year) as all_last
    from scored
),

versions as (
    select
        unit_id,
        arg_min(unit_code, year) as unit_code,
        arg_min(unit_name, year) as unit_name,
        arg_min(parent_code, year) filter (where parent_code is not null) as parent_code,
        min(year) as first_year,
        max(year) as last_year
    from scored
    group by unit_id
),

shared_names as (
    select unit_name
    from versions
    group by unit_name
    having count(*) > 1
),

district_names as (
    select
        unit_code,
        arg_max(unit_name, (unit_id, year)) as unit_name
    from unit_scores
    where level = 'district'
    group by unit_code
),

described as (
    select
        v.unit_id,
        v.unit_code,
        v.unit_name,
        d.unit_name as district_name,
        v.first_year,
        v.last_year,
        concat_ws(
            ', ',
            case when s.unit_name is not null then v.unit_code end,
            d.unit_name,
            case
                when v.first_year = p.all_first and v.last_year = p.all_last then null
                when v.first_year = v.last_year then v.first_year::varchar
                else v.first_year::varchar || '–' || v.last_year::varchar
            end
        ) as extra
    from versions as v
    cross join level_span as p
    left join shared_names as s on s.unit_name = v.unit_name
    left join district_names as d on d.unit_code = v.parent_code
),

final as (
    select
        unit_id,
        unit_code,
        unit_name,
        district_name,
        first_year,
        last_year,
        case when extra = '' then unit_name else unit_name || ' (' || extra || ')' end as label
    from described
)

select * from final
order by
    lower(strip_accents(replace(replace(label, 'Đ', 'D'), 'đ', 'd'))),
    replace(replace(label, 'Đ', 'D'), 'đ', 'd'),
    unit_id
