package codeobj

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/marker"
	"thick/tools/internal/project"
)

// The partial reload: when the files that changed since the last build are
// function files (each creates functions or procedures and comments on
// them, nothing else, before and after the change), only they are dropped
// and run again, at the end of the code instead of in their place. That is
// equivalent to running every code file again when:
//
//   - nothing of another file depends on their functions but the functions
//     of other function files (a parameter default calling one), which are
//     dropped and run again with them, transitively (the drop, without
//     cascade, fails on anything else: a view, a trigger, a policy), and no
//     other file commented or altered them (the object map says);
//   - they create the same functions (by signature) as before, so that the
//     later files' grants on them (by name, or "on all functions in
//     schema") are those the last build gave: the privileges the functions
//     had before the drop are given back, which is what the later files'
//     grants and revokes would make of them again (applying the same grants
//     and revokes twice gives what applying them once gives);
//   - their new functions refer to nothing a later file creates (a fresh
//     build would fail or resolve differently): no dependency on such an
//     object (types of the signature, SQL-standard bodies), and no such
//     object's name in the text of a SQL function body that the server
//     validated at creation (the validator resolves names; a PL/pgSQL body
//     is only parsed), and no later file creating a cast or an operator.
//
// Anything else (a view, a policy, a grant, a schedule, a file added or
// removed) takes the whole reload.

// errNotPartial says that the partial reload does not apply.
var errNotPartial = errors.New("not a partial reload")

// maxPartial bounds the files of a partial reload; more changed files
// take the whole reload.
const maxPartial = 16

// functionTags are the commands a function file may record.
var functionTags = []string{"CREATE FUNCTION", "CREATE PROCEDURE", "COMMENT"}

// reloadPartial reloads the changed files alone in a savepoint of tx, or
// returns errNotPartial (the savepoint rolled back, tx as before).
func reloadPartial(ctx context.Context, tx pgx.Tx, p *project.Project, built map[string]marker.FileSum) (res *Result, err error) {
	var changed []*project.File
	seen := map[string]bool{}
	for _, f := range p.Files {
		seen[f.Path] = true
		b, ok := built[f.Path]
		if ok && marker.SameFile(b.SHA256, f.Path, f.Content) {
			continue
		}
		if !ok || !IsCode(f.Path) {
			return nil, fmt.Errorf("%w: a file added or not code", errNotPartial)
		}
		changed = append(changed, f)
	}
	for path := range built {
		if !seen[path] {
			return nil, fmt.Errorf("%w: a file removed", errNotPartial)
		}
	}
	if len(changed) == 0 || len(changed) > maxPartial {
		return nil, fmt.Errorf("%w: too many or no files", errNotPartial)
	}
	paths := make([]string, len(changed))
	for i, f := range changed {
		paths[i] = f.Path
	}

	sp, err := tx.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	defer func() {
		if err != nil {
			_ = sp.Rollback(context.WithoutCancel(ctx))
		}
	}()
	// signatures as regprocedure prints them, always qualified
	if _, err := sp.Exec(ctx, "set local search_path = ''"); err != nil {
		return nil, fmt.Errorf("set search_path: %w", err)
	}
	// the function files whose functions depend on the changed ones (a
	// parameter default calling one of them) go with them, transitively
	dependents := 0
	for {
		more, err := dependentFunctionFiles(ctx, sp, paths)
		if err != nil {
			return nil, err
		}
		if len(more) == 0 {
			break
		}
		for _, path := range more {
			f := p.File(path)
			if f == nil {
				return nil, fmt.Errorf("%w: a dependent of a file no longer there", errNotPartial)
			}
			changed = append(changed, f)
			paths = append(paths, path)
			dependents++
		}
		if len(changed) > maxPartial {
			return nil, fmt.Errorf("%w: too many files", errNotPartial)
		}
	}
	// in the project's order, as a whole reload would run them
	order := map[string]int{}
	for i, f := range p.Files {
		order[f.Path] = i
	}
	slices.SortFunc(changed, func(a, b *project.File) int { return order[a.Path] - order[b.Path] })
	// Before: the files' functions, only function commands, nothing of
	// another file on them, no privileges nor schedules recorded for them.
	var ok bool
	if err := sp.QueryRow(ctx, `
		select not exists (select from thick.build_objects as o
		                   where o.file = any($1) and o.command_tag <> all($2))
		   and not exists (select from thick.build_objects as o
		                   where o.file = any($1) and o.command_tag = 'COMMENT'
		                     and not exists (select from thick.build_objects as c
		                                     where c.file = o.file and c.command_tag like 'CREATE %'
		                                       and c.classid = o.classid and c.objid = o.objid))
		   and not exists (select from thick.build_objects as o
		                   join thick.build_objects as c on c.classid = o.classid and c.objid = o.objid
		                   where c.file = any($1) and c.command_tag like 'CREATE %' and o.file <> c.file)
		   and not exists (select from thick.build_acl as a where a.file = any($1))
		   and not exists (select from thick.build_cron as j where j.file = any($1))`,
		paths, functionTags).Scan(&ok); err != nil {
		return nil, fmt.Errorf("partial reload: %w", err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: other commands, objects or privileges recorded before", errNotPartial)
	}
	before, err := functionACLs(ctx, sp, paths)
	if err != nil {
		return nil, err
	}

	res = &Result{Partial: true, Files: len(changed), Dependents: dependents}
	if res.Dropped, err = Drop(ctx, sp, paths); err != nil {
		// a dependent object of another file: the whole reload says it
		return nil, fmt.Errorf("%w: dependent objects of other files", errNotPartial)
	}
	// Run takes the privileges baseline again when it starts with a code
	// file (a read of every object's privileges): keep the one of the last
	// build instead (thick.keep_baseline, read by thick.after_file).
	if _, err := sp.Exec(ctx, `select pg_catalog.set_config('thick.keep_baseline', 'on', true)`); err != nil {
		return nil, fmt.Errorf("partial reload: %w", err)
	}
	if res.Folders, err = Run(ctx, sp, p, changed); err != nil {
		return nil, err // the files' own error, as the whole reload would say it
	}
	if _, err := sp.Exec(ctx, `select pg_catalog.set_config('thick.keep_baseline', '', true)`); err != nil {
		return nil, fmt.Errorf("partial reload: %w", err)
	}

	// After: still function commands only, the same signatures, nothing a
	// later file creates referred to.
	if err := sp.QueryRow(ctx, `
		select not exists (select from thick.build_objects as o
		                   where o.file = any($1) and o.command_tag <> all($2))
		   and not exists (select from thick.build_cron as j where j.file = any($1))`,
		paths, functionTags).Scan(&ok); err != nil {
		return nil, fmt.Errorf("partial reload: %w", err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: other commands after", errNotPartial)
	}
	after, err := functionACLs(ctx, sp, paths)
	if err != nil {
		return nil, err
	}
	if !sameKeys(before, after) {
		return nil, fmt.Errorf("%w: other signatures", errNotPartial)
	}
	for _, f := range changed {
		if ok, err := refersToLater(ctx, sp, p, f.Path); err != nil {
			return nil, err
		} else if ok {
			return nil, fmt.Errorf("%w: refers to a later file's object", errNotPartial)
		}
	}
	// The privileges the later files' grants gave the functions.
	var stmts []string
	for sig, want := range before {
		have := after[sig].entries
		for e := range want.entries {
			if !have[e] {
				stmts = append(stmts, aclStatement(true, sig, e))
			}
		}
		for e := range have {
			if !want.entries[e] {
				stmts = append(stmts, aclStatement(false, sig, e))
			}
		}
	}
	slices.Sort(stmts)
	if err := execAll(ctx, sp, stmts, func(s string) string { return s }, func(s string) string { return s }); err != nil {
		return nil, err
	}
	res.Dropped.Privileges = len(stmts)
	if err := sp.Commit(ctx); err != nil {
		return nil, fmt.Errorf("partial reload: release savepoint: %w", err)
	}
	return res, nil
}

// dependentFunctionFiles returns the other files whose functions depend on
// a function of files (pg_depend: a parameter default that calls one), or
// errNotPartial when anything else depends on one (a view, a trigger, a
// policy, an object no file recorded): the whole reload then.
func dependentFunctionFiles(ctx context.Context, tx pgx.Tx, files []string) ([]string, error) {
	rows, err := tx.Query(ctx, `
		select distinct dependent.file
		from thick.build_objects as fn
		join pg_catalog.pg_depend as d
		  on d.refclassid = fn.classid and d.refobjid = fn.objid and d.deptype = 'n'
		left join thick.build_objects as dependent
		  on dependent.classid = d.classid and dependent.objid = d.objid
		 and dependent.command_tag = any($2)
		where fn.file = any($1) and fn.command_tag = any($2)
		  and (dependent.file is null or dependent.file <> all($1))`, files, []string{"CREATE FUNCTION", "CREATE PROCEDURE"})
	if err != nil {
		return nil, fmt.Errorf("partial reload: dependents: %w", err)
	}
	paths, err := pgx.CollectRows(rows, pgx.RowTo[*string])
	if err != nil {
		return nil, fmt.Errorf("partial reload: dependents: %w", err)
	}
	var out []string
	for _, p := range paths {
		if p == nil {
			return nil, fmt.Errorf("%w: dependent objects of other files", errNotPartial)
		}
		out = append(out, *p)
	}
	return out, nil
}

// aclEntry is one privilege of a function: grantee (a quoted role name or
// public), privilege, grantable.
type aclEntry struct {
	grantee, privilege string
	grantable          bool
}

type fnACL struct {
	entries map[aclEntry]bool
}

// functionACLs returns the privileges (acldefault where none were granted)
// of the functions the files created, by signature.
func functionACLs(ctx context.Context, db pgx.Tx, files []string) (map[string]fnACL, error) {
	rows, err := db.Query(ctx, `
		select p.oid::pg_catalog.regprocedure::text,
		       case when x.grantee = 0 then 'public' else pg_catalog.quote_ident(r.rolname) end,
		       x.privilege_type, x.is_grantable
		from (select distinct o.objid from thick.build_objects as o
		      where o.file = any($1) and o.command_tag like 'CREATE %'
		        and o.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass) as c
		join pg_catalog.pg_proc as p on p.oid = c.objid
		left join lateral pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) as x on true
		left join pg_catalog.pg_roles as r on r.oid = x.grantee`, files)
	if err != nil {
		return nil, fmt.Errorf("partial reload: privileges: %w", err)
	}
	defer rows.Close()
	out := map[string]fnACL{}
	for rows.Next() {
		var sig string
		var grantee, priv *string
		var grantable *bool
		if err := rows.Scan(&sig, &grantee, &priv, &grantable); err != nil {
			return nil, fmt.Errorf("partial reload: privileges: %w", err)
		}
		a, ok := out[sig]
		if !ok {
			a = fnACL{entries: map[aclEntry]bool{}}
			out[sig] = a
		}
		if grantee != nil {
			a.entries[aclEntry{*grantee, *priv, *grantable}] = true
		}
	}
	return out, rows.Err()
}

func sameKeys(a, b map[string]fnACL) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func aclStatement(grant bool, sig string, e aclEntry) string {
	if grant {
		opt := ""
		if e.grantable {
			opt = " with grant option"
		}
		return fmt.Sprintf("grant %s on routine %s to %s%s;", strings.ToLower(e.privilege), sig, e.grantee, opt)
	}
	return fmt.Sprintf("revoke %s on routine %s from %s;", strings.ToLower(e.privilege), sig, e.grantee)
}

// refersToLater reports whether the functions file created refer to an
// object that a file after it in build order creates: by a dependency, or
// by name in a SQL body the server validated at creation, or when a later
// file creates a cast or an operator (which name resolution may pick
// without a name).
func refersToLater(ctx context.Context, tx pgx.Tx, p *project.Project, file string) (bool, error) {
	var later []string
	after := false
	for _, f := range p.Files {
		if after && IsCode(f.Path) {
			later = append(later, f.Path)
		}
		after = after || f.Path == file
	}
	var dep bool
	if err := tx.QueryRow(ctx, `
		with mine as (
		  select distinct o.classid, o.objid from thick.build_objects as o
		  where o.file = $1 and o.command_tag like 'CREATE %'
		), theirs as (
		  select distinct o.classid, o.objid, o.object_type from thick.build_objects as o
		  where o.file = any($2) and o.command_tag like 'CREATE %'
		)
		select exists (select from pg_catalog.pg_depend as d
		               join mine as m on m.classid = d.classid and m.objid = d.objid
		               join theirs as t on t.classid = d.refclassid and t.objid = d.refobjid)
		    or exists (select from theirs as t
		               where t.object_type in ('cast', 'operator', 'operator class', 'operator family', 'conversion', 'collation'))`,
		file, later).Scan(&dep); err != nil {
		return false, fmt.Errorf("partial reload: dependencies: %w", err)
	}
	if dep {
		return true, nil
	}
	// SQL bodies kept as text: validated by name at creation.
	rows, err := tx.Query(ctx, `
		select p.prosrc from pg_catalog.pg_proc as p
		where p.oid in (select o.objid from thick.build_objects as o
		                where o.file = $1 and o.command_tag like 'CREATE %'
		                  and o.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass)
		  and p.prolang = (select l.oid from pg_catalog.pg_language as l where l.lanname = 'sql')
		  and p.prosqlbody is null`, file)
	if err != nil {
		return false, fmt.Errorf("partial reload: bodies: %w", err)
	}
	bodies, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(bodies) == 0 {
		return false, err
	}
	rows, err = tx.Query(ctx, `
		select distinct o.identity from thick.build_objects as o
		where o.file = any($1) and o.command_tag like 'CREATE %' and o.objsubid = 0 and o.identity is not null
		  and o.object_type in ('function', 'procedure', 'aggregate', 'view', 'materialized view', 'table',
		                        'type', 'domain', 'sequence', 'composite type', 'foreign table', 'schema')`, later)
	if err != nil {
		return false, fmt.Errorf("partial reload: later objects: %w", err)
	}
	idents, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, err
	}
	text := strings.ToLower(strings.Join(bodies, "\n"))
	words := map[string]bool{}
	for _, w := range word.FindAllString(text, -1) {
		words[w] = true
	}
	for _, id := range idents {
		name := objectName(id)
		if name == "" {
			continue
		}
		if words[name] || (!word.MatchString(name) || word.FindString(name) != name) && strings.Contains(text, name) {
			return true, nil
		}
	}
	return false, nil
}

// word is a name as the bodies' text holds it (lower case).
var word = regexp.MustCompile(`[a-z_\x80-\x{10ffff}][a-z0-9_$\x80-\x{10ffff}]*`)

// objectName is the last name of an identity (crm_api.f(uuid) → f,
// "My View" → my view), lower case.
func objectName(identity string) string {
	s, _, _ := strings.Cut(identity, "(")
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	return strings.ToLower(strings.Trim(s, `"`))
}
