-- pgTAP in its own schema, found through the database's search_path, so the
-- suites call plan(), ok(), throws_ok() unqualified under thick test and
-- pg_prove alike. Applied after a rebuild; idempotent.
create schema if not exists tap;
create extension if not exists pgtap with schema tap;
-- the build revokes execute from PUBLIC by default; the test helpers must be
-- callable by every role a suite acts as
grant usage on schema tap to public;
grant execute on all functions in schema tap to public;

do $$
begin
    execute pg_catalog.format('alter database %I set search_path = tap, public', current_database());
end
$$;
set search_path = tap, public;
