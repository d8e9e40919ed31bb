-- Every number of every application table is finite. A numeric column holds
-- NaN and, without a declared precision, Infinity and -Infinity, and
-- PostgreSQL ranks NaN above every number, so `amount > 0` lets NaN and
-- Infinity through. The API functions refuse such values (22023); the tables
-- refuse them too, whatever writes to them: each numeric column carries
-- `<table>_<column>_is_finite`, and writing NaN, Infinity or -Infinity into
-- it is refused (23514, or 22003 where a declared precision cannot hold an
-- infinite value).
--
-- The writes run as the test superuser with `session_replication_role =
-- replica`, which switches off the ordinary triggers (audit, append-only)
-- and the foreign-key triggers, NOT the check constraints tested here.
begin;
select plan(7);

set local session_replication_role = replica;

-- the numeric columns of the application tables: core and every schema that
-- has an <app>_api beside it
create function pg_temp.numeric_columns()
returns table (schema_name name, table_name name, column_name name)
language sql
stable
as $$
    select n.nspname, c.relname, a.attname
    from pg_catalog.pg_attribute as a
    join pg_catalog.pg_class as c on c.oid = a.attrelid
    join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and a.attnum > 0
      and not a.attisdropped
      and a.atttypid = 'pg_catalog.numeric'::pg_catalog.regtype
      and (n.nspname = 'core'
           or exists (select from pg_catalog.pg_namespace as api where api.nspname = n.nspname || '_api'))
$$;

-- tries NaN, Infinity and -Infinity in each given column of one of its rows,
-- each write in a subtransaction of its own; returns what happened: refused
-- (with the SQLSTATE), accepted, or no row to try
create function pg_temp.try_non_finite(columns text)
returns table (target text, value text, outcome text)
language plpgsql
as $$
declare
    col record;
    v text;
    n bigint;
begin
    for col in execute columns loop
        foreach v in array array['NaN', 'Infinity', '-Infinity'] loop
            target := pg_catalog.format('%I.%I.%I', col.schema_name, col.table_name, col.column_name);
            value := v;
            begin
                execute pg_catalog.format('update %I.%I set %I = %L::numeric where ctid = (select ctid from %I.%I limit 1)',
                                          col.schema_name, col.table_name, col.column_name, v, col.schema_name, col.table_name);
                get diagnostics n = row_count;
                outcome := case when n = 0 then 'no row' else 'accepted' end;
                raise exception using errcode = 'P0004';  -- undo the accepted write
            exception
                when sqlstate 'P0004' then null;
                when others then outcome := 'refused ' || sqlstate;
            end;
            return next;
        end loop;
    end loop;
end
$$;

-- a table with no row of its own in the seed gets one (valid in every other way)
insert into crm.ib_rate_overrides (tenant_id, ib_id, instrument_class, usd_per_lot)
select ibs.tenant_id, ibs.id, 'gold', 4 from crm.ibs as ibs order by ibs.id limit 1;

select cmp_ok((select count(*) from pg_temp.numeric_columns()), '>=', 40::bigint,
              'the application tables have their numeric columns (the checks below are not vacuous)');

select is_empty($$
    select cols.schema_name || '.' || cols.table_name || '.' || cols.column_name
    from pg_temp.numeric_columns() as cols
    where not exists (
        select
        from pg_catalog.pg_constraint as con
        where con.conrelid = pg_catalog.format('%I.%I', cols.schema_name, cols.table_name)::pg_catalog.regclass
          and con.conname = cols.table_name || '_' || cols.column_name || '_is_finite'
          and con.contype = 'c'
          and pg_catalog.pg_get_constraintdef(con.oid) = pg_catalog.format(
                  'CHECK ((%I <> ALL (ARRAY[''NaN''::numeric, ''Infinity''::numeric, ''-Infinity''::numeric])))', cols.column_name))
$$, 'every numeric column of an application table carries <table>_<column>_is_finite: not NaN, Infinity nor -Infinity');

create temp table tried as
select * from pg_temp.try_non_finite('select * from pg_temp.numeric_columns()');

select is((select count(*) from tried), 3 * (select count(*) from pg_temp.numeric_columns()),
          'NaN, Infinity and -Infinity were each tried in every numeric column');
select is_empty($$select target from tried where outcome = 'no row'$$,
                'every table with a numeric column had a row to try them in');
select is_empty($$select target || ' took ' || value from tried where outcome not like 'refused %'$$,
                'no numeric column of an application table takes NaN, Infinity or -Infinity');
select is_empty($$select target || ' refused ' || value || ' with ' || outcome from tried
                  where outcome like 'refused %' and outcome not in ('refused 23514', 'refused 22003')$$,
                'each is refused by a check constraint (23514), or by a declared precision that cannot hold an infinite value (22003)');

-- the control: a numeric column without the check takes all three, so the
-- probe above does tell a column that refuses from one that does not
create temp table loose (amount numeric not null check (amount > 0));
insert into loose values (1);
select set_eq($$select value from pg_temp.try_non_finite('select ''pg_temp''::name as schema_name, ''loose''::name as table_name, ''amount''::name as column_name') where outcome = 'accepted'$$,
              array['NaN', 'Infinity'],
              'control: a column checked only by amount > 0 takes NaN and Infinity (and -Infinity is refused by the > 0)');

select * from finish();
rollback;
