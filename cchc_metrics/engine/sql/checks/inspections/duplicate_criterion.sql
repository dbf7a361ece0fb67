-- One row per unit and criterion: later copies are reported with the row of the first.
-- A million-row file is grouped on one hash of the pair (half the cost of grouping on the two
-- texts); only rows whose hash repeats are then grouped on the texts themselves, so a hash
-- collision is never reported as a copy.
with keyed as (
    select
        _row,
        unit_code,
        criterion_code,
        hash(unit_code, criterion_code) as pair_hash
    from checked
    where unit_code is not null
        and criterion_code is not null
),

repeated_hashes as (
    select pair_hash
    from keyed
    group by pair_hash
    having count(*) > 1
),

candidates as (
    select k.*
    from keyed as k
    semi join repeated_hashes using (pair_hash)
),

repeated as (
    select
        unit_code,
        criterion_code,
        min(_row) as first_row
    from candidates
    group by all
    having count(*) > 1
),

final as (
    select
        c._row,
        'criterion_code' as column_name,
        c.unit_code || ' × ' || c.criterion_code as value,
        cast(r.first_row as varchar) as detail
    from candidates as c
    inner join repeated as r using (unit_code, criterion_code)
    where c._row > r.first_row
)

select * from final
