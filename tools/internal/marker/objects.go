package marker

// The object map: which file of the last build created (or granted, commented,
// altered, scheduled) which object. A build records it with an event trigger
// on ddl_command_end that exists only inside the build's transaction; the
// build sets thick.file before each file so that the trigger knows whose
// commands it sees. Grants and row level security switches (which the event
// trigger reports without the object) are recorded by comparing the
// privileges before and after each file that issued one (before: what the
// last such file left, with the objects a command touched since read again); pg_cron jobs (rows,
// not DDL) by comparing cron.job before and after each file.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
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

-- the privileges and rls switches of every object as they were when the
-- first code file ran (after 0_tables, 1_junctions and any migrations): an
-- in-place reload gives the data objects these back before it runs the code
create table if not exists thick.acl_baseline (
  classid oid not null,
  objid oid not null,
  subid int not null,
  k "char" not null,
  owner oid,
  acl pg_catalog.aclitem[],
  rls boolean not null,
  frls boolean not null,
  primary key (classid, objid, subid)
);

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
-- were before the file's first such command (raw acl arrays, cheap), so
-- that after_file can tell what the file changed. Objects the file creates
-- later are added when a later command of the file needs them.
create or replace function thick.before_acl() returns event_trigger
language plpgsql
set search_path = ''
as $fn$
declare
  f text := pg_catalog.current_setting('thick.file', true);
  last bigint := (select coalesce(max(o.seq), 0) from thick.build_objects as o);
  fresh oid[];
  base_seq bigint;
  touched oid[];
begin
  if f is null or f = '' then
    return;
  end if;
  -- (DML only: this may run inside an extension's script, where a created
  -- table would become a member of the extension)
  if pg_catalog.current_setting('thick.acl_file', true) is distinct from f then
    truncate pg_temp.thick_acl_before;
    base_seq := nullif(pg_catalog.current_setting('thick.acl_base_seq', true), '')::bigint;
    if base_seq is null
       or exists (select from thick.build_objects as o where o.seq > base_seq and o.command_tag like '% EXTENSION') then
      insert into pg_temp.thick_acl_before select * from thick.acl_raw(null);
    else
      -- the privileges as the last file that granted left them (after_file
      -- kept them), but for the objects a command touched since, read again:
      -- every object created or altered since is one (an extension's
      -- members are not, hence the full read above after CREATE or ALTER
      -- EXTENSION); one read of the catalogs per granting file, not two
      touched := array(
          select distinct o.objid from thick.build_objects as o
          where o.seq > base_seq and o.objid is not null
            and o.classid in ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass,
                              'pg_catalog.pg_namespace'::pg_catalog.regclass, 'pg_catalog.pg_type'::pg_catalog.regclass));
      insert into pg_temp.thick_acl_before
      select b.* from pg_temp.thick_acl_base as b where b.objid <> all (touched);
      if pg_catalog.cardinality(touched) > 0 then
        insert into pg_temp.thick_acl_before select * from thick.acl_raw(touched);
      end if;
    end if;
    perform pg_catalog.set_config('thick.acl_file', f, true);
  else
    fresh := array(
        select o.objid from thick.build_objects as o
        where o.file = f and o.command_tag like 'CREATE %'
          and o.classid in ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass,
                            'pg_catalog.pg_namespace'::pg_catalog.regclass, 'pg_catalog.pg_type'::pg_catalog.regclass)
          and o.seq > pg_catalog.current_setting('thick.acl_seq')::bigint);
    if pg_catalog.cardinality(fresh) > 0 then
      insert into pg_temp.thick_acl_before
      select s.* from thick.acl_raw(fresh) as s
      where not exists (select from pg_temp.thick_acl_before as b where b.classid = s.classid and b.objid = s.objid and b.subid = s.subid);
    end if;
  end if;
  perform pg_catalog.set_config('thick.acl_seq', last::text, true);
end
$fn$;

-- the raw privileges (acl arrays) and rls switches of the objects outside
-- the system and thick schemas (only_oids: of those objects only)
create or replace function thick.acl_raw(only_oids oid[])
returns table (classid oid, objid oid, subid int, k "char", owner oid, acl pg_catalog.aclitem[], rls boolean, frls boolean)
language plpgsql
stable
set search_path = ''
as $fn$
begin
  -- plpgsql, not sql: the plan is cached for the session
  return query
  with nsp as (
    select n.oid, n.nspacl, n.nspowner
    from pg_catalog.pg_namespace as n
    where n.nspname not in ('pg_catalog', 'information_schema', 'thick')
      and n.nspname !~ '^pg_'
  )
  select 'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid, 0, (case c.relkind when 'S' then 's' else 'r' end)::"char",
         c.relowner, c.relacl, c.relrowsecurity, c.relforcerowsecurity
  from pg_catalog.pg_class as c
  join nsp on nsp.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
    and (only_oids is null or c.oid = any(only_oids))
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass::oid, a.attrelid, a.attnum::int, 'c'::"char", null::oid, a.attacl, false, false
  from pg_catalog.pg_attribute as a
  join pg_catalog.pg_class as c on c.oid = a.attrelid
  join nsp on nsp.oid = c.relnamespace
  where a.attacl is not null and a.attnum > 0 and not a.attisdropped
    and (only_oids is null or c.oid = any(only_oids))
  union all
  select 'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 0, 'f'::"char", p.proowner, p.proacl, false, false
  from pg_catalog.pg_proc as p
  join nsp on nsp.oid = p.pronamespace
  where only_oids is null or p.oid = any(only_oids)
  union all
  select 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, nsp.oid, 0, 'n'::"char", nsp.nspowner, nsp.nspacl, false, false
  from nsp
  where only_oids is null or nsp.oid = any(only_oids)
  union all
  select 'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid, 0, 'T'::"char", t.typowner, t.typacl, false, false
  from pg_catalog.pg_type as t
  join nsp on nsp.oid = t.typnamespace
  where t.typtype in ('e', 'd', 'r', 'm', 'c')
    and (t.typtype <> 'c' or exists (select from pg_catalog.pg_class as c where c.oid = t.typrelid and c.relkind = 'c'))
    and (only_oids is null or t.oid = any(only_oids));
end
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
    'select jobname::text from cron.job where database = pg_catalog.current_database() and jobname is not null';
end
$fn$;

-- after_file records what thick.record_ddl cannot see of the file that just
-- ran (done: its path, or null before the first file): the privilege and row
-- level security changes, and the pg_cron jobs it added. Then it sets
-- thick.file to the next file (null: the end).
drop function if exists thick.after_file(text, text);
create or replace function thick.after_file(done text, next text, cron boolean)
returns void
language plpgsql
set search_path = ''
as $fn$
begin
  if pg_catalog.to_regclass('pg_temp.thick_cron') is null then
    create temp table thick_cron on commit drop as select j as jobname from thick.cron_jobs() as j;
    create temp table thick_acl_before on commit drop as select * from thick.acl_raw(null) limit 0;
    create temp table thick_acl_now on commit drop as select * from thick.acl_raw(null) limit 0;
    create temp table thick_acl_base on commit drop as select * from thick.acl_raw(null) limit 0;
    perform pg_catalog.set_config('thick.acl_base_seq', '', true);
  end if;
  if done is not null then
    if pg_catalog.current_setting('thick.acl_file', true) = done then
      insert into pg_temp.thick_acl_now select * from thick.acl_raw(null);
      -- the objects that existed before the file's first grant and still do,
      -- whose privileges or switches changed (a column's with its table),
      -- as entries before (now = false) and after (now = true)
      with changed as (
        select coalesce(n.classid, b.classid) as classid, coalesce(n.objid, b.objid) as objid, coalesce(n.subid, b.subid) as subid,
               coalesce(n.k, b.k) as k,
               n.objid is not null as in_now, n.owner as n_owner, n.acl as n_acl, n.rls as n_rls, n.frls as n_frls,
               b.objid is not null as in_before, b.owner as b_owner, b.acl as b_acl, b.rls as b_rls, b.frls as b_frls
        from pg_temp.thick_acl_now as n
        full join pg_temp.thick_acl_before as b on b.classid = n.classid and b.objid = n.objid and b.subid = n.subid
        where (n.acl is distinct from b.acl or n.rls is distinct from b.rls or n.frls is distinct from b.frls)
          and exists (select from pg_temp.thick_acl_before as p where p.classid = coalesce(n.classid, b.classid) and p.objid = coalesce(n.objid, b.objid) and p.subid = 0)
          and exists (select from pg_temp.thick_acl_now as p where p.classid = coalesce(n.classid, b.classid) and p.objid = coalesce(n.objid, b.objid) and p.subid = 0)
      ),
      entries as (
        select c.classid, c.objid, c.subid, c.k, true as is_now, x.grantee, x.privilege_type as privilege, x.is_grantable as grantable
        from changed as c
        cross join lateral pg_catalog.aclexplode(case when c.n_acl is null and c.k <> 'c' then pg_catalog.acldefault(c.k, c.n_owner) else c.n_acl end) as x
        where c.in_now
        union all
        select c.classid, c.objid, c.subid, c.k, false, x.grantee, x.privilege_type, x.is_grantable
        from changed as c
        cross join lateral pg_catalog.aclexplode(case when c.b_acl is null and c.k <> 'c' then pg_catalog.acldefault(c.k, c.b_owner) else c.b_acl end) as x
        where c.in_before
        union all
        select c.classid, c.objid, c.subid, 'R', true, null, 'ROW LEVEL SECURITY', false from changed as c where c.n_rls
        union all
        select c.classid, c.objid, c.subid, 'R', false, null, 'ROW LEVEL SECURITY', false from changed as c where c.b_rls
        union all
        select c.classid, c.objid, c.subid, 'F', true, null, 'FORCE ROW LEVEL SECURITY', false from changed as c where c.n_frls
        union all
        select c.classid, c.objid, c.subid, 'F', false, null, 'FORCE ROW LEVEL SECURITY', false from changed as c where c.b_frls
      ),
      diff as (
        (select classid, objid, subid, k, grantee, privilege, grantable, true as added from entries where is_now
         except
         select classid, objid, subid, k, grantee, privilege, grantable, true from entries where not is_now)
        union all
        (select classid, objid, subid, k, grantee, privilege, grantable, false from entries where not is_now
         except
         select classid, objid, subid, k, grantee, privilege, grantable, false from entries where is_now)
      )
      insert into thick.build_acl (file, kind, target, col, grantee, privilege, grantable, added, classid, objid)
      select done,
             case d.k when 's' then 'sequence' when 'r' then 'table' when 'c' then 'column' when 'f' then 'routine'
                      when 'n' then 'schema' when 'R' then 'rls' when 'F' then 'force_rls' else 'type' end,
             case when d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass then d.objid::pg_catalog.regclass::text
                  when d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass then d.objid::pg_catalog.regprocedure::text
                  when d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass then (select pg_catalog.quote_ident(s.nspname) from pg_catalog.pg_namespace as s where s.oid = d.objid)
                  else d.objid::pg_catalog.regtype::text end,
             case when d.k = 'c' then (select pg_catalog.quote_ident(a.attname) from pg_catalog.pg_attribute as a where a.attrelid = d.objid and a.attnum = d.subid) end,
             case when d.k in ('R', 'F') then '' else coalesce((select r.rolname::text from pg_catalog.pg_roles as r where r.oid = d.grantee), 'public') end,
             d.privilege, d.grantable, d.added, d.classid, d.objid
      from diff as d;
      -- what this file left is the next granting file's starting point
      truncate pg_temp.thick_acl_base;
      insert into pg_temp.thick_acl_base select * from pg_temp.thick_acl_now;
      perform pg_catalog.set_config('thick.acl_base_seq', (select coalesce(max(o.seq), 0) from thick.build_objects as o)::text, true);
      truncate pg_temp.thick_acl_now;
      truncate pg_temp.thick_acl_before;
      perform pg_catalog.set_config('thick.acl_file', '', true);
    end if;
    if cron and pg_catalog.to_regclass('cron.job') is not null then
      insert into thick.build_cron (file, jobname)
      select done, j from thick.cron_jobs() as j
      except select done, c.jobname from pg_temp.thick_cron as c;
      truncate pg_temp.thick_cron;
      insert into pg_temp.thick_cron select j from thick.cron_jobs() as j;
    end if;
  end if;
  -- the privileges before the code: a partial reload keeps the last
  -- build's (thick.keep_baseline)
  if next ~ '^[2-7]_' and (done is null or done !~ '^[2-7]_')
     and pg_catalog.current_setting('thick.keep_baseline', true) is distinct from 'on' then
    delete from thick.acl_baseline;
    insert into thick.acl_baseline select * from thick.acl_raw(null);
  end if;
  perform pg_catalog.set_config('thick.file', coalesce(next, ''), true);
end
$fn$;
`

// mapVersion identifies mapDDL.
var mapVersion = "thick object map " + Sum(mapDDL)[:16]

// StartRecording prepares the object map inside a build's transaction and
// turns the recording event triggers on. full forgets the whole previous map
// (a build from scratch) and attributes privilege changes to files too (a
// snapshot of the privileges after each file that grants, the starting point
// of the next such file, whose objects touched since are read again before
// its first grant: worth it for a build that a verification names files
// from, too slow for the in-place reload,
// which records objects, comments, policies and schedules only); otherwise
// only the rows of the files about to run are forgotten, by the caller
// (ForgetFiles). The marker must exist.
func StartRecording(ctx context.Context, db DBTX, full bool) error {
	// The map's tables and functions, unless this version is installed
	// (its checksum is the comment of thick.after_file).
	var installed *string
	if err := db.QueryRow(ctx, `select pg_catalog.obj_description(pg_catalog.to_regprocedure('thick.after_file(text,text,boolean)'), 'pg_proc')`).Scan(&installed); err != nil {
		return fmt.Errorf("object map: %w", err)
	}
	if installed == nil || *installed != mapVersion {
		if _, err := db.Exec(ctx, mapDDL+fmt.Sprintf("\ncomment on function thick.after_file(text, text, boolean) is '%s';", mapVersion)); err != nil {
			return fmt.Errorf("object map: %w", err)
		}
	}
	if full {
		if _, err := db.Exec(ctx, `truncate thick.build_files, thick.build_objects, thick.build_acl, thick.build_cron`); err != nil {
			return fmt.Errorf("object map: %w", err)
		}
	}
	triggers := `
		drop event trigger if exists thick_record;
		drop event trigger if exists thick_record_acl;
		create event trigger thick_record on ddl_command_end execute function thick.record_ddl();`
	if full {
		triggers += `
		create event trigger thick_record_acl on ddl_command_start
		  when tag in ('GRANT', 'REVOKE', 'ALTER TABLE')
		  execute function thick.before_acl();`
	}
	if _, err := db.Exec(ctx, triggers+`
		select thick.after_file(null, null, false);`); err != nil {
		return fmt.Errorf("object map: start recording (an event trigger needs a superuser): %w", err)
	}
	return nil
}

// NextFile records what the file done (empty before the first) did and tells
// the event trigger that the commands from now on are next's. cron says
// whether done may have scheduled pg_cron jobs (comparing cron.job before and
// after every file would cost a query each).
func NextFile(ctx context.Context, db DBTX, done, next string, cron bool) error {
	_, err := db.Exec(ctx, `select thick.after_file(nullif($1, ''), nullif($2, ''), $3)`, done, next, cron)
	if err != nil {
		return fmt.Errorf("object map: after %s: %w", done, err)
	}
	return nil
}

// StopRecording drops the event trigger (it never outlives the build's
// transaction) after recording the last file.
func StopRecording(ctx context.Context, db DBTX, last string, cron bool) error {
	if err := NextFile(ctx, db, last, "", cron); err != nil {
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

// Sum returns the checksum of content.
func Sum(content string) string {
	h := sha256.Sum256([]byte(content))
	return hex.EncodeToString(h[:])
}

// FileChecksum is the checksum RecordFiles stores for the project file at
// path: of its text for code (project.IsCode: reloaded whenever it changes,
// a function body's comments and lines are the server's), of its statements
// alone (sqlsplit.Normalize) for data (0_tables, 1_junctions, 8_seed: run
// once), so that an edit of a data file's comments or layout is no change,
// asking for no full rebuild and no migration.
func FileChecksum(path, content string) string {
	if project.IsCode(path) {
		return Sum(content)
	}
	return Sum(sqlsplit.Normalize(content))
}

// SameFile reports whether content is the file at path recorded with
// checksum sum: the same FileChecksum, or the same text (the checksum an
// earlier thick recorded for a data file).
func SameFile(sum, path, content string) bool {
	return sum == FileChecksum(path, content) || !project.IsCode(path) && sum == Sum(content)
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
