-- The unit versions of one level valid in one year, for a picker: each commune grouped under
-- its district or, without districts (from 2025), its former district (the build's
-- commune_origins: the one its ancestors all shared, else the bound word $mixed_name), and its label
-- "Name (group)", the code added to a name two units share; group_code: the district's code
-- (empty for a mixed origin). Sorted by group, then name, then
-- code, each as labels.sort_key sorts Vietnamese: Đ read as D, then marks and case ignored,
-- ties broken by the text itself (with Đ read as D).
with chosen as (
    select
        unit_id,
        unit_code,
        unit_name,
        parent_code
    from units
    where level = $level
        and valid_in($year, valid_from_year, valid_to_year)
),

names_then as (
    select
        unit_code,
        unit_name
    from units
    where level = 'district'
        and valid_in($year, valid_from_year, valid_to_year)
),

shared_names as (
    select unit_name
    from chosen
    group by unit_name
    having count(*) > 1
),

labelled as (
    select
        c.unit_id,
        c.unit_code,
        c.unit_name,
        case
            when $level <> 'commune' then null
            when o.districts > 1 then $mixed_name
            else coalesce(o.district_name, t.unit_name)
        end as group_name,
        case
            when $level <> 'commune' or o.districts > 1 then null
            else coalesce(o.district_code, c.parent_code)
        end as group_code,
        case
            when s.unit_name is not null then c.unit_name || ' (' || c.unit_code || ')'
            else c.unit_name
        end as name_label
    from chosen as c
    left join commune_origins as o using (unit_id)
    left join names_then as t on t.unit_code = c.parent_code
    left join shared_names as s on s.unit_name = c.unit_name
),

final as (
    select
        unit_id,
        unit_code,
        unit_name,
        group_name,
        group_code,
        case when group_name is null then name_label else name_label || ' (' || group_name || ')' end as label
    from labelled
)

select * from final
order by
    -- labels.sort_key of the group (a commune without any district has always sorted as the
    -- text 'nan'), then of the name, then the code
    lower(strip_accents(replace(replace(coalesce(group_name, case when $level = 'commune' then 'nan' else '' end), 'Đ', 'D'), 'đ', 'd'))),
    replace(replace(coalesce(group_name, case when $level = 'commune' then 'nan' else '' end), 'Đ', 'D'), 'đ', 'd'),
    lower(strip_accents(replace(replace(unit_name, 'Đ', 'D'), 'đ', 'd'))),
    replace(replace(unit_name, 'Đ', 'D'), 'đ', 'd'),
    unit_code
