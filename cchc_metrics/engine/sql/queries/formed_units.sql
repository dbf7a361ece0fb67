-- Whether the unit of one code was formed in one year by a reorganisation (lineage.csv names it
-- as a new unit valid from that year): one row, formed = 0 or more.
with final as (
    select count(*) as formed
    from lineage
    where new_code = $code
        and new_valid_from_year = $year
)

select * from final
