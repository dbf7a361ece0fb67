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

-- A row of tiles.csv places a unit version of its code when it names the version's first year,
-- or names none and no other row of the code names that year (`named_years`: the years the
-- code's rows name): a reused code gets one row per version, an unchanged code one row.
create or replace macro tile_places(tile_year, unit_from, named_years) as
    coalesce(tile_year = unit_from, false)
    or (
        tile_year is null
        and (unit_from is null or not list_contains(coalesce(named_years, []), unit_from))
    );

-- A unit's position among its peers (the peer rule): 'weak' below the weak line and at least
-- `min_gap` points under the peers' median, 'strong' above the strong line and at least `min_gap`
-- over it, else 'typical' (also when a value is missing). Areas (build/area_positions.sql, in
-- the level's field and in the district) and criteria (analysis/criterion_positions.sql) alike.
create or replace macro peer_position(pct, weak_line, peer_median, strong_line, min_gap) as
    case
        when pct < weak_line and peer_median - pct >= min_gap then 'weak'
        when pct > strong_line and pct - peer_median >= min_gap then 'strong'
        else 'typical'
    end;
