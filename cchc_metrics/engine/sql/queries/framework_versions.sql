-- Every framework version: the level and years it scores, its survey rule and caps, and the size
-- of its tree (areas, criteria, sub-criteria; points from appraisal and from the survey).
with sizes as (
    select
        framework_id,
        count(*) filter (where level_kind = 'area') as areas,
        count(*) filter (where level_kind = 'criterion') as criteria,
        count(*) filter (where level_kind = 'sub-criterion') as sub_criteria,
        sum(max_points) filter (where is_leaf and source = 'appraisal') as appraisal_points,
        sum(max_points) filter (where is_leaf and source = 'survey') as survey_points
    from framework_tree
    group by framework_id
),

final as (
    select
        v.framework_id,
        v.name,
        v.level,
        v.valid_from_year,
        v.valid_to_year,
        coalesce(v.survey_rule, 'rescale') as survey_rule,
        v.bonus_cap,
        v.penalty_cap,
        coalesce(s.areas, 0) as areas,
        coalesce(s.criteria, 0) as criteria,
        coalesce(s.sub_criteria, 0) as sub_criteria,
        coalesce(s.appraisal_points, 0) as appraisal_points,
        coalesce(s.survey_points, 0) as survey_points
    from framework_versions as v
    left join sizes as s using (framework_id)
)

select * from final
order by level, valid_from_year
