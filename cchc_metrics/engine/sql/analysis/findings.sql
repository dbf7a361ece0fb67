-- Inspection findings filtered by bound values (each may be null: no filter), each beside the
-- unit's score that year: index, the area % and the criterion % it concerns.
-- Text search on NFC, lower-case text with spacing collapsed ($needle), or also without accents,
-- đ as d ($loose_needle).
with found as (
    select
        f.year,
        u.unit_id,
        f.unit_code,
        u.unit_name,
        u.level,
        case when u.level = 'district' then u.unit_code else u.parent_code end as district_code,
        f.area_code,
        f.criterion_code,
        f.kind,
        f.text,
        f.inspected_on
    from findings as f
    inner join units as u
        on u.unit_code = f.unit_code
        and valid_in(f.year, u.valid_from_year, u.valid_to_year)
    where ($year is null or f.year = $year)
        and ($unit is null or f.unit_code = $unit)
        and ($area is null or f.area_code = $area)
        and ($kind is null or f.kind = $kind)
        and (
            $needle is null
            or contains(lower(nfc_normalize(regexp_replace(trim(f.text), '\s+', ' ', 'g'))), $needle)
            or (
                $loose_needle is not null
                and contains(
                    replace(strip_accents(lower(nfc_normalize(regexp_replace(trim(f.text), '\s+', ' ', 'g')))), 'đ', 'd'),
                    $loose_needle
                )
            )
        )
),

-- the score rows of the criteria the findings name: one read of the inspections keeps only
-- these (a join would hash every score row of every year)
named_rows as materialized (
    select
        i.year,
        i.unit_code,
        i.criterion_code,
        i.score,
        i.max_points
    from inspections as i
    where ($year is null or i.year = $year)
        and (i.year, i.unit_code, i.criterion_code) in (
            select (year, unit_code, criterion_code) from found where criterion_code is not null
        )
),

final as (
    select
        f.year,
        f.unit_id,
        f.unit_code,
        f.unit_name,
        f.level,
        f.district_code,
        d.unit_name as district_name,
        f.area_code,
        f.criterion_code,
        f.kind,
        f.text,
        f.inspected_on,
        s.index_pct,
        a.area_pct,
        100 * i.score / i.max_points as criterion_pct
    from found as f
    left join units as d
        on d.unit_code = f.district_code
        and valid_in(f.year, d.valid_from_year, d.valid_to_year)
    left join unit_scores as s
        on s.unit_id = f.unit_id
        and s.year = f.year
    left join area_scores as a
        on a.unit_id = f.unit_id
        and a.year = f.year
        and a.area_code = f.area_code
    left join named_rows as i
        on i.unit_code = f.unit_code
        and i.year = f.year
        and i.criterion_code = f.criterion_code
    where $district is null or f.district_code = $district
)

select * from final
order by year, district_code, unit_code, kind, area_code, criterion_code, text
