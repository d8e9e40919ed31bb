-- Migration 0012: authenticator jit off
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- PostgREST logs in as authenticator: its sessions now run with jit off (see
-- 0_tables/core/001_roles.sql, which sets it on a fresh build). Roles are the
-- cluster's, so this is written only when missing.
do $$
begin
    if not exists (
        select
        from pg_catalog.pg_db_role_setting as settings
        where settings.setrole = (select roles.oid from pg_catalog.pg_roles as roles where roles.rolname = 'authenticator')
          and settings.setdatabase = 0
          and 'jit=off' = any (settings.setconfig)
    ) then
        alter role authenticator set jit = off;
    end if;
end
$$;
