-- The name of every district code among the scored districts: that of its latest version (the
-- highest unit_id, then its last scored year), the name a commune's line is labelled with.
with districts as (
    select
        unit_code,
        unit_name,
        unit_id,
        year
    from unit_scores
    where level = 'district'
),

final as (
    select
        unit_code,
        arg_max(unit_name, (unit_id, year)) as unit_name
    from districts
    group by unit_code
)

select * from final
order by unit_code
