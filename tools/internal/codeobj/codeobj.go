// Package codeobj drops and recreates the code of a thick database in place:
// the objects that the files of 2_views..7_schedule created, granted,
// commented or scheduled, as the object map of the last build recorded them
// (marker.StartRecording), wherever they live. Data (tables and their rows)
// is never touched; privileges, comments and row level security switches
// that a code file put on a data object are taken back, pg_cron jobs a code
// file scheduled are unscheduled.
//
// Drop and Run work inside a caller's transaction, for one file or all of
// them; Reload is the whole in-place reload of the development loop.
package codeobj

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/marker"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
)

// CodeFolders are the folders whose objects are code.
var CodeFolders = project.CodeFolders

// DataFolders are the folders whose objects hold data (changed on a live
// database only by migrations) and the seed.
var DataFolders = []string{"0_tables", "1_junctions", "8_seed"}

// IsCode reports whether a project path sits in a code folder.
func IsCode(path string) bool { return project.IsCode(path) }

// Dropped counts what Drop did.
type Dropped struct {
	Objects, Comments, Jobs int
	// Privileges counts the statements RestoreData ran.
	Privileges int
}

// Drop removes, in tx, everything the object map attributes to files: the
// pg_cron jobs they scheduled, the objects they created (newest first, each
// plainly, without cascade, so that a data object depending on code stops
// the drop with an error instead of losing a default or a view silently),
// and the comments they put on objects that survive. Then it forgets the
// files' rows of the map. The search_path of tx does not matter: every name
// is qualified. Privileges the files granted on data objects are not taken
// back here (the map does not keep them per file for a reload): RestoreData
// does that for the whole code; for a single file (ReplaceFile) its grants
// simply run again, which is idempotent.
func Drop(ctx context.Context, tx pgx.Tx, files []string) (Dropped, error) {
	var d Dropped
	if len(files) == 0 {
		return d, nil
	}
	// pg_cron jobs first: their commands may call the code.
	var jobs []string
	rows, err := tx.Query(ctx, `select distinct jobname from thick.build_cron where file = any($1) order by 1`, files)
	if err != nil {
		return d, fmt.Errorf("drop code: %w", err)
	}
	if jobs, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return d, fmt.Errorf("drop code: %w", err)
	}
	if len(jobs) > 0 {
		if _, err := tx.Exec(ctx, `select pg_catalog.set_config('thick.unschedule', $1, true)`, strings.Join(jobs, "\n")); err != nil {
			return d, fmt.Errorf("drop code: %w", err)
		}
		if _, err := tx.Exec(ctx, unscheduleSQL); err != nil {
			return d, fmt.Errorf("drop code: unschedule: %w", err)
		}
		d.Jobs = len(jobs)
	}

	// The objects, newest first. An index is left to its table or
	// materialized view when that goes too, and to its constraint always.
	rows, err = tx.Query(ctx, dropListSQL, files)
	if err != nil {
		return d, fmt.Errorf("drop code: list objects: %w", err)
	}
	type stmt struct{ sql, what string }
	var drops []stmt
	for rows.Next() {
		var typ, ident, file string
		if err := rows.Scan(&typ, &ident, &file); err != nil {
			rows.Close()
			return d, fmt.Errorf("drop code: %w", err)
		}
		drops = append(drops, stmt{fmt.Sprintf("drop %s if exists %s;", typ, ident), fmt.Sprintf("%s %s (%s)", typ, ident, file)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("drop code: %w", err)
	}
	if err := execAll(ctx, tx, drops, func(s stmt) string { return s.sql }, func(s stmt) string { return s.what }); err != nil {
		return d, err
	}
	d.Objects = len(drops)

	// Comments on surviving objects.
	rows, err = tx.Query(ctx, undoCommentSQL, files)
	if err != nil {
		return d, fmt.Errorf("drop code: list comments: %w", err)
	}
	comments, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return d, fmt.Errorf("drop code: list comments: %w", err)
	}
	if err := execAll(ctx, tx, comments, func(s string) string { return s }, func(s string) string { return s }); err != nil {
		return d, err
	}
	d.Comments = len(comments)
	return d, marker.ForgetFiles(ctx, tx, files)
}

// execAll sends the statements as one script; on error it names the one
// that failed.
func execAll[T any](ctx context.Context, tx pgx.Tx, items []T, sql, what func(T) string) error {
	if len(items) == 0 {
		return nil
	}
	var sb strings.Builder
	for _, it := range items {
		sb.WriteString(sql(it))
		sb.WriteByte('\n')
	}
	completed, err := build.ExecScript(ctx, tx.Conn().PgConn(), sb.String())
	if err != nil {
		if completed < len(items) {
			return fmt.Errorf("drop code: %s: %w", what(items[completed]), err)
		}
		return fmt.Errorf("drop code: %w", err)
	}
	return nil
}

const unscheduleSQL = `
do $$
begin
  if pg_catalog.to_regclass('cron.job') is not null then
    perform cron.unschedule(j.jobid)
    from cron.job as j
    where j.database = pg_catalog.current_database()
      and j.jobname = any(pg_catalog.string_to_array(pg_catalog.current_setting('thick.unschedule'), e'\n'));
  end if;
end
$$`

// dropListSQL lists (type, identity, file) of the objects the files
// created that still exist, newest first, one row per object.
const dropListSQL = `
with created as (
  select o.classid, o.objid, pg_catalog.max(o.seq) as seq, pg_catalog.min(o.file) as file
  from thick.build_objects as o
  where o.file = any($1)
    and o.command_tag like 'CREATE %'
    and o.objsubid = 0
    and o.object_type is distinct from 'event trigger'
  group by o.classid, o.objid
)
select i.type, i.identity, c.file
from created as c
cross join lateral pg_catalog.pg_identify_object(c.classid, c.objid, 0) as i
where i.identity is not null
  and not (c.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and exists (
        select from pg_catalog.pg_index as x
        where x.indexrelid = c.objid
          and (x.indrelid in (select c2.objid from created as c2 where c2.classid = 'pg_catalog.pg_class'::pg_catalog.regclass)
               or exists (select from pg_catalog.pg_constraint as k where k.conindid = x.indexrelid and k.contype in ('p', 'u', 'x')))))
order by c.seq desc`

// restoreSQL renders the statements that give the objects of the baseline
// (the data objects, as they were when the first code file ran) their
// privileges and row level security switches back.
const restoreSQL = `
with raw as materialized (
  select * from thick.acl_raw(null)
),
changed as (
  select b.classid, b.objid, b.subid, b.k,
         b.owner as b_owner, b.acl as b_acl, b.rls as b_rls, b.frls as b_frls,
         n.objid is not null as in_now, n.owner as n_owner, n.acl as n_acl, n.rls as n_rls, n.frls as n_frls
  from thick.acl_baseline as b
  left join raw as n on n.classid = b.classid and n.objid = b.objid and n.subid = b.subid
  where exists (select from raw as p where p.classid = b.classid and p.objid = b.objid and p.subid = 0)
    and (n.acl is distinct from b.acl or n.rls is distinct from b.rls or n.frls is distinct from b.frls)
  union all
  -- column privileges granted where the baseline had none
  select n.classid, n.objid, n.subid, n.k, null, null, false, false, true, n.owner, n.acl, n.rls, n.frls
  from raw as n
  where n.subid > 0
    and exists (select from thick.acl_baseline as p where p.classid = n.classid and p.objid = n.objid and p.subid = 0)
    and not exists (select from thick.acl_baseline as b where b.classid = n.classid and b.objid = n.objid and b.subid = n.subid)
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
),
diff as (
  (select classid, objid, subid, k, grantee, privilege, grantable, true as extra from entries where is_now
   except
   select classid, objid, subid, k, grantee, privilege, grantable, true from entries where not is_now)
  union all
  (select classid, objid, subid, k, grantee, privilege, grantable, false from entries where not is_now
   except
   select classid, objid, subid, k, grantee, privilege, grantable, false from entries where is_now)
),
named as (
  select d.*,
         case when d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass then d.objid::pg_catalog.regclass::text
              when d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass then d.objid::pg_catalog.regprocedure::text
              when d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass then (select pg_catalog.quote_ident(s.nspname) from pg_catalog.pg_namespace as s where s.oid = d.objid)
              else d.objid::pg_catalog.regtype::text end as target,
         case when d.k = 'c' then (select pg_catalog.quote_ident(a.attname) from pg_catalog.pg_attribute as a where a.attrelid = d.objid and a.attnum = d.subid) end as col,
         case when d.grantee = 0 then 'public' else pg_catalog.quote_ident((select r.rolname from pg_catalog.pg_roles as r where r.oid = d.grantee)) end as who
  from diff as d
)
select pg_catalog.format('%s %s%s on %s %s %s %s%s;',
         case when n.extra then 'revoke' else 'grant' end,
         pg_catalog.lower(n.privilege),
         case when n.col is not null then ' (' || n.col || ')' else '' end,
         case n.k when 's' then 'sequence' when 'r' then 'table' when 'c' then 'table' when 'f' then 'routine' when 'n' then 'schema' else 'type' end,
         n.target,
         case when n.extra then 'from' else 'to' end,
         n.who,
         case when not n.extra and n.grantable then ' with grant option' else '' end)
from named as n
union all
select pg_catalog.format('alter table %s %s row level security;', c.objid::pg_catalog.regclass,
         case when c.b_rls then 'enable' else 'disable' end)
from changed as c where c.in_now and c.subid = 0 and c.n_rls is distinct from c.b_rls
union all
select pg_catalog.format('alter table %s %s row level security;', c.objid::pg_catalog.regclass,
         case when c.b_frls then 'force' else 'no force' end)
from changed as c where c.in_now and c.subid = 0 and c.n_frls is distinct from c.b_frls`

// RestoreData gives the data objects (those that existed when the first
// code file of the last build ran) the privileges and row level security
// switches they had then, taking back what the code files granted, revoked
// or switched on them. It returns the number of statements it ran.
func RestoreData(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, restoreSQL)
	if err != nil {
		return 0, fmt.Errorf("restore data privileges: %w", err)
	}
	stmts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("restore data privileges: %w", err)
	}
	if err := execAll(ctx, tx, stmts, func(s string) string { return s }, func(s string) string { return s }); err != nil {
		return 0, err
	}
	return len(stmts), nil
}

// undoCommentSQL renders "comment ... is null" for the comments the files
// put on objects they did not create and that still exist.
const undoCommentSQL = `
with created as (
  select distinct o.classid, o.objid from thick.build_objects as o
  where o.file = any($1) and o.command_tag like 'CREATE %'
),
commented as (
  select distinct o.classid, o.objid, o.objsubid from thick.build_objects as o
  where o.file = any($1) and o.command_tag = 'COMMENT'
)
select pg_catalog.format('comment on %s %s is null;',
         case when i.type like '% column' then 'column' when i.type = 'table constraint' then 'constraint' else i.type end,
         i.identity)
from commented as m
cross join lateral pg_catalog.pg_identify_object(m.classid, m.objid, m.objsubid) as i
where i.identity is not null
  and not exists (select from created as c where c.classid = m.classid and c.objid = m.objid)
order by 1`

// Run runs files (code files, in build order) in tx with the object map
// recording, after setting the search_path to ”. The files' earlier rows in
// the map must have been dropped (Drop) or forgotten.
func Run(ctx context.Context, tx pgx.Tx, p *project.Project, files []*project.File) ([]build.FolderResult, error) {
	if _, err := tx.Exec(ctx, "set local search_path = ''"); err != nil {
		return nil, fmt.Errorf("set search_path: %w", err)
	}
	if err := marker.StartRecording(ctx, tx, false); err != nil {
		return nil, err
	}
	return build.RunFiles(ctx, tx, p, files, true)
}

// ReplaceFile drops the code objects of one file of p and runs the file's
// current content again, in tx: what a mutation test or a one-file reload
// needs. The file must be a code file that the last build ran.
func ReplaceFile(ctx context.Context, tx pgx.Tx, p *project.Project, path string) error {
	f := p.File(path)
	if f == nil {
		return fmt.Errorf("replace %s: no such file in the project", path)
	}
	if !IsCode(f.Path) {
		return fmt.Errorf("replace %s: not a code file (%s)", path, strings.Join(CodeFolders, ", "))
	}
	if _, err := Drop(ctx, tx, []string{f.Path}); err != nil {
		return err
	}
	_, err := Run(ctx, tx, p, []*project.File{f})
	return err
}

// ErrNoMap says that the database has no object map to reload from.
var ErrNoMap = errors.New("the database has no object map of its last build (built before thick kept one, or never built): rebuild it in full once")

// Plan says what a rebuild of p into a database needs.
type Plan struct {
	// Full is true when the database must be rebuilt from scratch, and
	// Why says why.
	Full bool
	Why  string
	// Changed are the files added, changed or removed since the last build.
	Changed []string
}

// Decide compares p's files with those of the database's last build: an in
// place reload serves when only code files changed.
func Decide(ctx context.Context, db marker.DBTX, p *project.Project) (Plan, error) {
	m, err := marker.Read(ctx, db)
	if err != nil {
		return Plan{}, err
	}
	if m == nil || m.BuiltAt == nil {
		return Plan{Full: true, Why: "never built"}, nil
	}
	// the seed writes dates relative to the day it ran ("yesterday's
	// rate", "a dose an hour ago"): kept into another day, its rows lie
	seeded, today, recorded, err := marker.SeedDay(ctx, db)
	if err != nil {
		return Plan{}, err
	}
	if !recorded {
		return Plan{Full: true, Why: "the last build predates thick's record of the seed's day"}, nil
	}
	if seeded != "" && seeded != today {
		return Plan{Full: true, Why: fmt.Sprintf("the seed ran on %s and writes its dates relative to that day; today is %s", seeded, today)}, nil
	}
	if seeded != "" {
		// the same in the local days of the data's own time zones
		zone, then, now, err := marker.SeedZoneDay(ctx, db)
		if err != nil {
			return Plan{Full: true, Why: fmt.Sprintf("the seed's day in the data's time zones is unknown (%v)", err)}, nil
		}
		if zone != "" {
			return Plan{Full: true, Why: fmt.Sprintf("the seed ran on %s in %s and writes its dates relative to that day; it is %s there now", then, zone, now)}, nil
		}
	}
	built, ok, err := marker.BuiltFiles(ctx, db)
	if err != nil {
		return Plan{}, err
	}
	if !ok {
		return Plan{Full: true, Why: "no object map of the last build"}, nil
	}
	var plan Plan
	seen := map[string]bool{}
	how := map[string]string{}
	for _, f := range p.Files {
		seen[f.Path] = true
		if b, ok := built[f.Path]; !ok {
			plan.Changed = append(plan.Changed, f.Path)
			how[f.Path] = " is new since the last build"
		} else if !marker.SameFile(b.SHA256, f.Path, f.Content) {
			plan.Changed = append(plan.Changed, f.Path)
			how[f.Path] = " changed"
		}
	}
	for path := range built {
		if !seen[path] {
			plan.Changed = append(plan.Changed, path)
			how[path] = " was in the last build and is gone"
		}
	}
	slices.Sort(plan.Changed)
	var data []string
	for _, c := range plan.Changed {
		if !IsCode(c) {
			data = append(data, c)
		}
	}
	if len(data) > 0 {
		plan.Full, plan.Why = true, data[0]+how[data[0]]
		// the seed built or left out as a whole: --no-seed, or a build
		// after one
		seed := build.SeedFolder + "/"
		if all(data, func(c string) bool { return strings.HasPrefix(c, seed) && how[c] == how[data[0]] }) && len(data) == seedFiles(p, built, seed) {
			if how[data[0]] == " is new since the last build" {
				plan.Why = "the last build was without the seed (--no-seed); this one runs it"
			} else {
				plan.Why = "the last build ran the seed; this one leaves it out (--no-seed)"
			}
		}
	}
	return plan, nil
}

func all(xs []string, f func(string) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// seedFiles counts the seed files of p, or of the last build when p has none.
func seedFiles(p *project.Project, built map[string]marker.FileSum, seed string) int {
	n := 0
	for _, f := range p.Files {
		if strings.HasPrefix(f.Path, seed) {
			n++
		}
	}
	if n > 0 {
		return n
	}
	for path := range built {
		if strings.HasPrefix(path, seed) {
			n++
		}
	}
	return n
}

// Result describes an in-place reload.
type Result struct {
	// Partial: only the changed function files were reloaded (partial.go),
	// with Dependents function files whose functions depend on theirs.
	Partial    bool
	Dependents int
	Dropped    Dropped
	Folders    []build.FolderResult
	Files      int
	Duration   time.Duration
}

// lockKey is build's: a reload and a rebuild of one database never overlap.
const lockKey int64 = 0x746869636b626c64

// Reload drops every code object of the database's last build and runs the
// code files of p again, in one transaction on conn, keeping every row. It
// refuses what build.Rebuild refuses (an unmarked or production database)
// and a database without an object map (ErrNoMap).
func Reload(ctx context.Context, conn *pgx.Conn, p *project.Project, force bool) (res *Result, err error) {
	if err := p.Preflight(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}
	}()
	if _, err := tx.Exec(ctx, "select pg_catalog.pg_advisory_xact_lock($1)", lockKey); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if _, err := marker.Guard(ctx, tx, force); err != nil {
		return nil, err
	}
	res, err = ReloadTx(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	if err := marker.Record(ctx, tx, p.Schemas()); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	res.Duration = time.Since(t0)
	return res, nil
}

// ReloadTx is Reload's work inside a caller's transaction: drop the code of
// the last build, run p's code files.
func ReloadTx(ctx context.Context, tx pgx.Tx, p *project.Project) (*Result, error) {
	built, ok, err := marker.BuiltFiles(ctx, tx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoMap
	}
	res, err := reloadPartial(ctx, tx, p, built)
	switch {
	case err == nil:
		return res, nil
	case !errors.Is(err, errNotPartial):
		return nil, err
	}
	var old []string
	for path := range built {
		if IsCode(path) {
			old = append(old, path)
		}
	}
	// Files recorded without a checksum row (never the case for thick's own
	// builds) are dropped too.
	rows, err := tx.Query(ctx, `select distinct file from thick.build_objects union select file from thick.build_acl union select file from thick.build_cron`)
	if err != nil {
		return nil, fmt.Errorf("object map: %w", err)
	}
	recorded, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("object map: %w", err)
	}
	for _, f := range recorded {
		if IsCode(f) && !slices.Contains(old, f) {
			old = append(old, f)
		}
	}
	slices.Sort(old)
	res = &Result{}
	if res.Dropped, err = Drop(ctx, tx, old); err != nil {
		return nil, err
	}
	if res.Dropped.Privileges, err = RestoreData(ctx, tx); err != nil {
		return nil, err
	}
	var files []*project.File
	for _, f := range p.Files {
		if IsCode(f.Path) {
			files = append(files, f)
		}
	}
	if res.Folders, err = Run(ctx, tx, p, files); err != nil {
		return nil, err
	}
	res.Files = len(files)
	return res, nil
}

// PrintResult writes one line per folder and the total, as a rebuild does,
// saying that the code was reloaded in place.
func PrintResult(w io.Writer, r *Result, useColor bool) {
	build.PrintResult(w, &build.Result{Folders: r.Folders, Files: r.Files, Duration: r.Duration}, useColor)
	if r.Partial {
		changed := r.Files - r.Dependents
		what := plural.S(changed, "file")
		if r.Dependents > 0 {
			on := "them"
			if changed == 1 {
				on = "it"
			}
			what += fmt.Sprintf(" and the %d function %s depending on %s", r.Dependents, plural.S(r.Dependents, "file"), on)
		}
		fmt.Fprintf(w, "reloaded the changed function %s in place (dropped %d %s; %d %s given back; rows kept); --full rebuilds from scratch\n",
			what, r.Dropped.Objects, plural.S(r.Dropped.Objects, "object"), r.Dropped.Privileges, plural.S(r.Dropped.Privileges, "privilege"))
		return
	}
	d := r.Dropped
	fmt.Fprintf(w, "reloaded the code in place (dropped %d %s, %d %s, %d %s, %d %s; rows kept); --full rebuilds from scratch\n",
		d.Objects, plural.S(d.Objects, "object"), d.Privileges, plural.S(d.Privileges, "privilege"),
		d.Comments, plural.S(d.Comments, "comment"), d.Jobs, plural.S(d.Jobs, "schedule"))
}
