-- The same update without the claims.
\set n random(1, :rows)
update tiny.items set qty = qty + 1 where id = :n;
