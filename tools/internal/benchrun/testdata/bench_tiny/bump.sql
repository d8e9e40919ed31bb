-- One request: add one to an item's quantity through a function.
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true), set_config('bench.item_id', p.item_id::text, true) from bench_tiny.params as p where p.n = :n;
update tiny.items set qty = qty + 1 where id = current_setting('bench.item_id')::int;
commit;
