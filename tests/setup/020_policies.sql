-- The row level security suites' one read: what the calling role sees of
-- each table, counted by tenant. The policy suites (tests/core/policies.sql,
-- tests/<app>/91_policies.sql) call it twice: as the test superuser (who
-- bypasses row level security) to show that the rows to hide exist, then
-- as an <app>_reader acting for a user, to show that the policy hides them.

create function tests.rows_seen(tables regclass[], tenant uuid)
returns table (name text, own bigint, defaults bigint, others bigint)
language plpgsql
stable
set search_path = ''
-- a count of a whole table through every policy at once (the ledger's: ~90
-- subplans), which no API read does: its estimated cost passes
-- jit_above_cost, and compiling it (0.1 s) cost more than running it
set jit = off
as $$
declare
    rel regclass;
    key name;
begin
    foreach rel in array rows_seen.tables loop
        -- a tenant's own row of core.tenants is the tenant itself
        key := case when rel = 'core.tenants'::regclass then 'id' else 'tenant_id' end;
        if not exists (select
                       from pg_catalog.pg_attribute as attributes
                       where attributes.attrelid = rel and attributes.attname = key and not attributes.attisdropped) then
            raise exception 'tests.rows_seen: % has no column %', rel, key using errcode = '22023';
        end if;
        return query execute pg_catalog.format(
            'select $1, '
            '       count(*) filter (where %1$I = $2), '
            '       count(*) filter (where %1$I is null), '
            '       count(*) filter (where %1$I is not null and %1$I is distinct from $2) '
            'from %2$s',
            key, rel)
        using rel::text, rows_seen.tenant;
    end loop;
end
$$;
comment on function tests.rows_seen(regclass[], uuid) is
'One row per table: its name and how many of its rows the calling role sees of the tenant (own; 0 when tenant is null), without a tenant (defaults) and of every other tenant (others). Security invoker and without set role, so that the policies of the role that calls it decide; the tenant column is tenant_id (id for core.tenants). Raises 22023 for a table without it.';

-- like every helper of tests/setup: the suites call it as the superuser
-- and as the roles they act as
grant execute on function tests.rows_seen(regclass[], uuid) to public;
