-- Rules that many queries share, defined once per connection (sqlfiles.stage).

-- A unit version is valid from valid_from_year to valid_to_year, both included; an empty bound
-- is open (the unit existed before the data begin, or exists still). A code can mean another
-- unit after a reorganisation, so a unit is always found by its code *and* this rule.
create or replace macro valid_in(year, valid_from_year, valid_to_year) as
    year >= coalesce(valid_from_year, -9999)
    and year <= coalesce(valid_to_year, 9999);

-- Two unit versions' valid years overlap (open bounds as above).
create or replace macro years_overlap(a_from, a_to, b_from, b_to) as
    coalesce(a_from, -9999) <= coalesce(b_to, 9999)
    and coalesce(b_from, -9999) <= coalesce(a_to, 9999);
