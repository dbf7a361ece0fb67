-- Criteria present in only one of the published file (`published`) and the new one (`candidate`).
with old_criteria as (
    select
        criterion_code,
        mode(area_code) as area_code,
        mode(criterion_name) as criterion_name
    from published
    group by criterion_code
),

new_criteria as (
    select
        criterion_code,
        mode(area_code) as area_code,
        mode(criterion_name) as criterion_name
    from candidate
    group by criterion_code
),

final as (
    select
        'added' as change,
        criterion_code,
        area_code,
        criterion_name
    from new_criteria
    where criterion_code not in (select criterion_code from old_criteria)
    union all
    select
        'removed' as change,
        criterion_code,
        area_code,
        criterion_name
    from old_criteria
    where criterion_code not in (select criterion_code from new_criteria)
)

select * from final
order by change, criterion_code
