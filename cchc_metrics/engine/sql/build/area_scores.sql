-- Per year, unit version and area: points, maximum and % of maximum over the applicable criteria.
-- Built for the years bound as $years: their inspections only.
-- A criterion with an empty score does not apply to the unit: it leaves both points and maximum,
-- except a survey criterion under a framework whose survey rule is "zero" (a unit without survey
-- points has them counted as 0 of their maximum); under "rescale" (the default) the appraised
-- points alone make the index. Survey points are kept apart, so a page can show both parts.
-- Summed per unit code first, then matched to the unit version of the year: the join then
-- handles a hundred thousand sums instead of every score row. A sum of some rows only is written
-- `sum(case when ... end)`, not `sum(...) filter (where ...)`: the same sums (null when no row
-- counts), in a tenth less time at national scale.
with per_unit_area as (
    select
        year,
        unit_code,
        area_code,
        count(score) as criteria,
        sum(score) as points,
        sum(case when score is not null then max_points end) as max_points,
        sum(case when score is not null then self_score end) as self_points,
        sum(case when score is not null and self_score is not null then max_points end) as self_max_points,
        sum(self_score - score) as gap_points,
        sum(case when score is not null then first_score end) as first_points,
        sum(case when method = 'survey' then score end) as survey_points,
        sum(case when method = 'survey' and score is not null then max_points end) as survey_max_points,
        sum(case when method = 'survey' and score is null then max_points end) as survey_unscored_max
    from inspections
    where list_contains($years, year)
        and (score is not null or method = 'survey')
    group by all
),

rules as (
    select distinct
        level,
        valid_from_year,
        valid_to_year,
        survey_rule
    from framework_tree
),

versioned as (
    select
        p.*,
        u.unit_id,
        u.level,
        coalesce(r.survey_rule, 'rescale') = 'zero' as survey_as_zero
    from per_unit_area as p
    inner join units as u
        on u.unit_code = p.unit_code
        and valid_in(p.year, u.valid_from_year, u.valid_to_year)
    left join rules as r
        on r.level = u.level
        and valid_in(p.year, r.valid_from_year, r.valid_to_year)
),

counted as (
    select
        * replace (
            case when survey_as_zero then coalesce(points, 0) else points end as points,
            coalesce(max_points, 0) + case when survey_as_zero then coalesce(survey_unscored_max, 0) else 0 end
                as max_points,
            case
                when survey_as_zero and survey_unscored_max > 0 then coalesce(survey_points, 0)
                else survey_points
            end as survey_points,
            coalesce(survey_max_points, 0) + case when survey_as_zero then coalesce(survey_unscored_max, 0) else 0 end
                as survey_max_points
        )
    from versioned
),

final as (
    select
        year,
        unit_id,
        unit_code,
        level,
        area_code,
        criteria,
        points,
        max_points,
        self_points,
        self_max_points,
        gap_points,
        first_points,
        survey_points,
        survey_max_points,
        100 * points / max_points as area_pct
    from counted
    where max_points > 0
)

select * from final
