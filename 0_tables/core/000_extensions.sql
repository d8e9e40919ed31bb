-- Extensions live in their own schema so that the project's schemas can be
-- dropped and rebuilt without touching them; every call is qualified
-- (extensions.crypt, extensions.hmac).
create schema extensions;
comment on schema extensions is 'Extensions used by the project (pgcrypto, btree_gist); every call is schema-qualified.';
create extension pgcrypto with schema extensions;
-- btree_gist: = on scalar columns (uuid) inside gist exclusion constraints,
-- e.g. no two overlapping shifts of one employee (hr.shifts)
create extension btree_gist with schema extensions;

-- pg_cron can only be created in the database named by cron.database_name,
-- and only when the server preloads it. Elsewhere (test clones, servers
-- without it) schedules are skipped by core.schedule with a notice.
do $$
begin
    if current_setting('cron.database_name', true) = current_database()
       and not exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
        -- pg_cron creates its own schema cron but needs a creation schema selected
        perform pg_catalog.set_config('search_path', 'pg_catalog', true);
        create extension pg_cron;
        perform pg_catalog.set_config('search_path', '', true);
    end if;
end
$$;
