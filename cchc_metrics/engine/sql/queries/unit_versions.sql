-- Every unit version, with whether a lineage link starts or ends at it, and for a commune the
-- district it belongs to or came from (commune_origins: district_name where there is one,
-- districts > 1 for a mixed origin).
with linked as (
    select old_unit_id as unit_id from lineage_links
    union
    select new_unit_id as unit_id from lineage_links
),

final as (
    select
        u.unit_id,
        u.unit_code,
        u.unit_name,
        u.unit_type,
        u.level,
        u.valid_from_year,
        u.valid_to_year,
        l.unit_id is not null as changed,
        o.district_name,
        o.district_code,
        coalesce(o.districts, 0) as districts
    from units as u
    left join linked as l using (unit_id)
    left join commune_origins as o using (unit_id)
)

select * from final
order by unit_code, valid_from_year nulls first
