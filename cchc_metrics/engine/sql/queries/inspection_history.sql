-- Which unit versions were inspected when: one row per unit and inspection year, from findings.
with found as (
    select
        f.year,
        u.unit_id,
        u.unit_code,
        u.unit_name,
        u.level,
        f.kind,
        f.inspected_on
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
),

final as (
    select
        year,
        unit_id,
        unit_code,
        unit_name,
        level,
        min(inspected_on) as inspected_on,
        count(*) filter (where kind = 'strength') as strengths,
        count(*) filter (where kind = 'weakness') as weaknesses,
        count(*) filter (where kind = 'recommendation') as recommendations
    from found
    group by all
)

select * from final
order by year, unit_code
