package marker

// The object map: which file of the last build created (or granted, commented,
// altered, scheduled) which object. A build records it with an event trigger
// on ddl_command_end that exists only inside the build's transaction; the
// build sets thick.file before each file so that the trigger knows whose
// commands it sees. Grants and row level security switches (which the event
// trigger reports without the object) are recorded by comparing the
// privileges before and after each file that issued one; pg_cron jobs (rows,
// not DDL) by comparing cron.job before and after each file.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// mapDDL creates the tables of the object map and the recording functions.
// Idempotent; run inside the build's transaction.
const mapDDL = `
create table if not exists thick.build_files (
  path text primary key,
  folder text not null,
  sha256 text not null
);

create table if not exists thick.build_objects (
  seq bigint generated always as identity primary key,
  file text not null,
  command_tag text not null,
  object_type text,
  schema_name text,
  identity text,
  classid oid,
  objid oid,
  objsubid int
);
create index if not exists build_objects_file on thick.build_objects (file);

-- privilege and row level security changes a file made (added = false: taken away)
create table if not exists thick.build_acl (
  seq bigint generated always as identity primary key,
  file text not null,
  kind text not null,          -- table, sequence, column, routine, schema, type, rls, force_rls
  target text not null,        -- the object, as SQL names it (core.users, core.f(integer))
  col text,                    -- the column of a column privilege
  grantee text not null,       -- role name, 'public', or '' for the rls switches
  privilege text not null,
  grantable boolean not null,
  added boolean not null,
  classid oid,
  objid oid
);
create index if not exists build_acl_file on thick.build_acl (file);

create table if not exists thick.build_cron (
  file text not null,
  jobname text not null
);

create or replace function thick.record_ddl() returns event_trigger
language plpgsql
set search_path = ''
as $fn$
declare
  f text := pg_catalog.current_setting('thick.file', true);
begin
  if f is null or f = '' then
    return;
  end if;
  insert into thick.build_objects (file, command_tag, object_type, schema_name, identity, classid, objid, objsubid)
  select f, c.command_tag, c.object_type, c.schema_name, c.object_identity, c.classid, c.objid, c.objsubid
  from pg_catalog.pg_event_trigger_ddl_commands() as c
  where not c.in_extension;
end
$fn$;

-- Before a GRANT, REVOKE or ALTER TABLE: remember the privileges as they
-- were before the file's first such command (and those of the objects the
-- file created since), so that after_file can tell what the file changed.
create or replace function thick.before_acl() returns event_trigger
language plpgsql
set search_path = ''
as $fn$
declare
  f text := pg_catalog.current_setting('thick.file', true);
  last bigint := (select coalesce(max(o.seq), 0) from thick.build_objects as o);
begin
  if f is null or f = '' then
    return;
  end if;
  if pg_catalog.current_setting('thick.acl_file', true) is distinct from f
     or pg_catalog.to_regclass('pg_temp.thick_acl_before') is null then
    drop table if exists pg_temp.thick_acl_before;
    create temp table thick_acl_before on commit drop as select * from thick.acl_state(null);
    perform pg_catalog.set_config('thick.acl_file', f, true);
  else
    insert into pg_temp.thick_acl_before
    select s.* from thick.acl_state(array(
        select o.objid from thick.build_objects as o
        where o.file = f and o.command_tag like 'CREATE %'
          and o.seq > pg_catalog.current_setting('thick.acl_seq')::bigint)) as s
    where not exists (select from pg_temp.thick_acl_before as b where b.classid = s.classid and b.objid = s.objid);
  end if;
  perform pg_catalog.set_config('thick.acl_seq', last::text, true);
end
$fn$;

-- every privilege (acldefault where none was granted) and rls switch of the
-- objects outside the system, thick and extension schemas
create or replace function thick.acl_state(only_oids oid[])
returns table (classid oid, objid oid, kind text, target text, col text, grantee text, privilege text, grantable boolean)
language sql
stable
set search_path = ''
as $fn$
  with nsp as (
    select n.oid, n.nspname, n.nspacl, n.nspowner
    from pg_catalog.pg_namespace as n
    where n.nspname not in ('pg_catalog', 'information_schema', 'thick')
      and n.nspname !~ '^pg_'
      and not exists (select from pg_catalog.pg_depend as d
                      where d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.objid = n.oid and d.deptype = 'e')
  ),
  rel as (
    select c.oid, c.relkind, c.relacl, c.relowner, c.relrowsecurity, c.relforcerowsecurity
    from pg_catalog.pg_class as c
    join nsp on nsp.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
      and (only_oids is null or c.oid = any(only_oids))
      and not exists (select from pg_catalog.pg_depend as d
                      where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype = 'e')
  ),
  objs as (
    select 'pg_catalog.pg_class'::pg_catalog.regclass::oid as classid, rel.oid as objid,
           case rel.relkind when 'S' then 'sequence' else 'table' end as kind,
           rel.oid::pg_catalog.regclass::text as target, null::text as col,
           pg_catalog.aclexplode(coalesce(rel.relacl, pg_catalog.acldefault(case rel.relkind when 'S' then 's' else 'r' end::"char", rel.relowner))) as x
    from rel
    union all
    select 'pg_catalog.pg_class'::pg_catalog.regclass::oid, a.attrelid, 'column', a.attrelid::pg_catalog.regclass::text,
           pg_catalog.quote_ident(a.attname), pg_catalog.aclexplode(a.attacl)
    from pg_catalog.pg_attribute as a
    join rel on rel.oid = a.attrelid
    where a.attnum > 0 and not a.attisdropped and a.attacl is not null
    union all
    select 'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 'routine', p.oid::pg_catalog.regprocedure::text, null,
           pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)))
    from pg_catalog.pg_proc as p
    join nsp on nsp.oid = p.pronamespace
    where (only_oids is null or p.oid = any(only_oids))
      and not exists (select from pg_catalog.pg_depend as d
                      where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, nsp.oid, 'schema', pg_catalog.quote_ident(nsp.nspname), null,
           pg_catalog.aclexplode(coalesce(nsp.nspacl, pg_catalog.acldefault('n', nsp.nspowner)))
    from nsp
    where only_oids is null or nsp.oid = any(only_oids)
    union all
    select 'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid, 'type', t.oid::pg_catalog.regtype::text, null,
           pg_catalog.aclexplode(coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner)))
    from pg_catalog.pg_type as t
    join nsp on nsp.oid = t.typnamespace
    where (only_oids is null or t.oid = any(only_oids))
      and t.typtype in ('e', 'd', 'r', 'm') or (t.typtype = 'c' and exists (
            select from pg_catalog.pg_class as c where c.oid = t.typrelid and c.relkind = 'c'))
  )
  select o.classid, o.objid, o.kind, o.target, o.col,
         coalesce(r.rolname, 'public'), (o.x).privilege_type, (o.x).is_grantable
  from objs as o
  left join pg_catalog.pg_roles as r on r.oid = (o.x).grantee
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass::oid, rel.oid, 'rls', rel.oid::pg_catalog.regclass::text, null, '', 'ROW LEVEL SECURITY', false
  from rel where rel.relrowsecurity
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass::oid, rel.oid, 'force_rls', rel.oid::pg_catalog.regclass::text, null, '', 'FORCE ROW LEVEL SECURITY', false
  from rel where rel.relforcerowsecurity
$fn$;

create or replace function thick.cron_jobs()
returns setof text
language plpgsql
stable
set search_path = ''
as $fn$
begin
  if pg_catalog.to_regclass('cron.job') is null then
    return;
  end if;
  return query execute
    'select jobname from cron.job where database = pg_catalog.current_database() and jobname is not null';
end
$fn$;

-- after_file records what thick.record_ddl cannot see of the file that just
-- ran (done: its path, or null before the first file): the privilege and row
-- level security changes, and the pg_cron jobs it added. Then it sets
-- thick.file to the next file (null: the end).
create or replace function thick.after_file(done text, next text)
returns void
language plpgsql
set search_path = ''
as $fn$
begin
  if pg_catalog.to_regclass('pg_temp.thick_cron') is null then
    create temp table thick_cron on commit drop as select j as jobname from thick.cron_jobs() as j;
  end if;
  if done is not null then
    if pg_catalog.current_setting('thick.acl_file', true) = done then
      create temp table thick_acl_now on commit drop as
      select * from thick.acl_state(null) as s
      where exists (select from pg_temp.thick_acl_before as b where b.classid = s.classid and b.objid = s.objid);
      insert into thick.build_acl (file, kind, target, col, grantee, privilege, grantable, added, classid, objid)
      select done, n.kind, n.target, n.col, n.grantee, n.privilege, n.grantable, true, n.classid, n.objid
      from (select * from pg_temp.thick_acl_now except select * from pg_temp.thick_acl_before) as n
      union all
      select done, o.kind, o.target, o.col, o.grantee, o.privilege, o.grantable, false, o.classid, o.objid
      from (select * from pg_temp.thick_acl_before except select * from pg_temp.thick_acl_now) as o
      -- an object the file dropped is not a privilege change
      where exists (select from pg_temp.thick_acl_now as s where s.classid = o.classid and s.objid = o.objid);
      drop table pg_temp.thick_acl_now;
      drop table pg_temp.thick_acl_before;
      perform pg_catalog.set_config('thick.acl_file', '', true);
    end if;
    if pg_catalog.to_regclass('cron.job') is not null then
      insert into thick.build_cron (file, jobname)
      select done, j from thick.cron_jobs() as j
      except select done, c.jobname from pg_temp.thick_cron as c;
      delete from pg_temp.thick_cron;
      insert into pg_temp.thick_cron select j from thick.cron_jobs() as j;
    end if;
  end if;
  perform pg_catalog.set_config('thick.file', coalesce(next, ''), true);
end
$fn$;
`

// StartRecording prepares the object map inside a build's transaction and
// turns the recording event trigger on. full forgets the whole previous map
// (a build from scratch); otherwise only the rows of the files about to run
// are forgotten, by the caller (ForgetFiles). The marker must exist.
func StartRecording(ctx context.Context, db DBTX, full bool) error {
	if _, err := db.Exec(ctx, mapDDL); err != nil {
		return fmt.Errorf("object map: %w", err)
	}
	if full {
		if _, err := db.Exec(ctx, `truncate thick.build_files, thick.build_objects, thick.build_acl, thick.build_cron`); err != nil {
			return fmt.Errorf("object map: %w", err)
		}
	}
	if _, err := db.Exec(ctx, `
		drop event trigger if exists thick_record;
		drop event trigger if exists thick_record_acl;
		create event trigger thick_record on ddl_command_end execute function thick.record_ddl();
		create event trigger thick_record_acl on ddl_command_start
		  when tag in ('GRANT', 'REVOKE', 'ALTER TABLE')
		  execute function thick.before_acl();
		select thick.after_file(null, null);`); err != nil {
		return fmt.Errorf("object map: start recording (an event trigger needs a superuser): %w", err)
	}
	return nil
}

// NextFile records what the file done (empty before the first) did and tells
// the event trigger that the commands from now on are next's.
func NextFile(ctx context.Context, db DBTX, done, next string) error {
	_, err := db.Exec(ctx, `select thick.after_file(nullif($1, ''), nullif($2, ''))`, done, next)
	if err != nil {
		return fmt.Errorf("object map: after %s: %w", done, err)
	}
	return nil
}

// StopRecording drops the event trigger (it never outlives the build's
// transaction) after recording the last file.
func StopRecording(ctx context.Context, db DBTX, last string) error {
	if err := NextFile(ctx, db, last, ""); err != nil {
		return err
	}
	if _, err := db.Exec(ctx, `drop event trigger if exists thick_record; drop event trigger if exists thick_record_acl`); err != nil {
		return fmt.Errorf("object map: stop recording: %w", err)
	}
	return nil
}

// ForgetFiles removes the map's rows of the given files.
func ForgetFiles(ctx context.Context, db DBTX, files []string) error {
	_, err := db.Exec(ctx, `
		with o as (delete from thick.build_objects where file = any($1)),
		     a as (delete from thick.build_acl where file = any($1)),
		     c as (delete from thick.build_cron where file = any($1))
		delete from thick.build_files where path = any($1)`, files)
	if err != nil {
		return fmt.Errorf("object map: forget files: %w", err)
	}
	return nil
}

// FileSum is one built file and the checksum of its content.
type FileSum struct {
	Path, Folder, SHA256 string
}

// Sum returns the checksum Record stores for content.
func Sum(content string) string {
	h := sha256.Sum256([]byte(content))
	return hex.EncodeToString(h[:])
}

// RecordFiles stores the checksums of the files a build ran.
func RecordFiles(ctx context.Context, db DBTX, files []FileSum) error {
	paths := make([]string, len(files))
	folders := make([]string, len(files))
	sums := make([]string, len(files))
	for i, f := range files {
		paths[i], folders[i], sums[i] = f.Path, f.Folder, f.SHA256
	}
	_, err := db.Exec(ctx, `
		insert into thick.build_files (path, folder, sha256)
		select * from unnest($1::text[], $2::text[], $3::text[])
		on conflict (path) do update set folder = excluded.folder, sha256 = excluded.sha256`, paths, folders, sums)
	if err != nil {
		return fmt.Errorf("object map: record files: %w", err)
	}
	return nil
}

// BuiltFiles returns the files of the last build with their checksums, and
// false when the database has no object map (never built, or built before
// thick kept one).
func BuiltFiles(ctx context.Context, db DBTX) (map[string]FileSum, bool, error) {
	var exists bool
	if err := db.QueryRow(ctx, `select pg_catalog.to_regclass('thick.build_files') is not null`).Scan(&exists); err != nil {
		return nil, false, fmt.Errorf("object map: %w", err)
	}
	if !exists {
		return nil, false, nil
	}
	rows, err := db.Query(ctx, `select path, folder, sha256 from thick.build_files`)
	if err != nil {
		return nil, false, fmt.Errorf("object map: %w", err)
	}
	defer rows.Close()
	out := map[string]FileSum{}
	for rows.Next() {
		var f FileSum
		if err := rows.Scan(&f.Path, &f.Folder, &f.SHA256); err != nil {
			return nil, false, fmt.Errorf("object map: %w", err)
		}
		out[f.Path] = f
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("object map: %w", err)
	}
	return out, len(out) > 0, nil
}
