-- a table of bench.scale x 10 items, one request target per item
create schema tiny;
create table tiny.items (id int primary key, qty int not null);
insert into tiny.items select i, 0 from pg_catalog.generate_series(1, current_setting('bench.scale')::int * 10) as i;
create schema bench_tiny;
create table bench_tiny.params (n int primary key, item_id int not null, claims text not null);
insert into bench_tiny.params (n, item_id, claims)
select id, id, pg_catalog.json_build_object('role', 'bench_tiny_user', 'sub', id)::text from tiny.items;
