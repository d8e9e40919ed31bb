package codeobj_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, pgtest.CreateProjectRoles(filepath.Join("..", "..", ".."))))
}

var ctx = context.Background()

// copyTree copies the project's SQL folders to a temporary root, applies
// edits (path to a function of the old content; nil content removes the
// file) and loads it.
func copyTree(t *testing.T, edits map[string]func(string) string) *project.Project {
	t.Helper()
	src := filepath.Join("..", "..", "..")
	dst := t.TempDir()
	for _, folder := range project.Folders {
		err := filepath.WalkDir(filepath.Join(src, folder), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		require.NoError(t, err)
	}
	for rel, edit := range edits {
		p := filepath.Join(dst, rel)
		old, _ := os.ReadFile(p)
		if edit == nil {
			require.NoError(t, os.RemoveAll(p))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(edit(string(old))), 0o644))
	}
	p, err := project.Load(dst)
	require.NoError(t, err)
	return p
}

// ownTree writes a project of these files alone (path to content) to a
// temporary root and loads it.
func ownTree(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	dst := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(dst, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	p, err := project.Load(dst)
	require.NoError(t, err)
	return p
}

func fullBuild(t *testing.T, p *project.Project, folders []string) *pgx.Conn {
	t.Helper()
	conn := pgtest.Connect(t, pgtest.NewDB(t, ""))
	_, err := build.Rebuild(ctx, conn, p, build.Options{Folders: folders, Record: true})
	require.NoError(t, err)
	return conn
}

func readCatalog(t *testing.T, conn *pgx.Conn) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Read(ctx, conn)
	require.NoError(t, err)
	return c
}

// rowCounts counts the rows of every table of the data schemas.
func rowCounts(t *testing.T, conn *pgx.Conn) map[string]int64 {
	t.Helper()
	rows, err := conn.Query(ctx, `
		select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind = 'r' and n.nspname in (select unnest(schemas) from thick.marker)`)
	require.NoError(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	out := map[string]int64{}
	for _, tb := range tables {
		var n int64
		require.NoError(t, conn.QueryRow(ctx, "select count(*) from "+tb).Scan(&n))
		out[tb] = n
	}
	return out
}

var noSeed = project.Folders[:8]

func TestReloadKeepsRowsAndEqualsAFreshBuild(t *testing.T) {
	t.Parallel()
	p := copyTree(t, nil)
	conn := fullBuild(t, p, nil) // with the seed
	before := rowCounts(t, conn)
	require.Greater(t, before["crm.clients"], int64(0), "the seed wrote clients")

	// The new version: a function body, a view, a policy and a trigger change;
	// one code file disappears, one appears.
	p2 := copyTree(t, map[string]func(string) string{
		"3_functions/core/140_purge_jobs.sql": func(s string) string {
			return strings.Replace(s, "as $$", "as $$\n    -- reloaded", 1)
		},
		"2_views/crm/instruments.sql": func(s string) string {
			return s + "\ncomment on view crm_api.instruments is 'reloaded';\n"
		},
		"6_security/core/core.sql": func(s string) string {
			return strings.Replace(s, "create policy jobs_select_reader on core.jobs\nfor select\nto crm_reader, med_reader, hr_reader",
				"create policy jobs_select_reader on core.jobs\nfor select\nto crm_reader", 1)
		},
		"3_functions/core/999_reload_probe.sql": func(string) string {
			return "create function core.reload_probe() returns int language sql immutable return 1;\n"
		},
	})
	plan, err := codeobj.Decide(ctx, conn, p2)
	require.NoError(t, err)
	require.False(t, plan.Full, "only code changed: %s", plan.Why)
	require.Len(t, plan.Changed, 4)

	res, err := codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	require.Greater(t, res.Dropped.Objects, 100)
	require.Greater(t, res.Dropped.Privileges, 0, "grants on data tables were taken back")
	require.Equal(t, before, rowCounts(t, conn), "every row is still there")

	fresh := fullBuild(t, p2, nil) // with the seed too: it creates helpers in a schema of its own
	require.Empty(t, catalog.Diff(readCatalog(t, fresh), readCatalog(t, conn), catalog.DiffOptions{}))

	// A second reload from the same files changes nothing.
	_, err = codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	require.Empty(t, catalog.Diff(readCatalog(t, fresh), readCatalog(t, conn), catalog.DiffOptions{}))

	// A data file whose comments and layout alone changed: no full rebuild
	p3 := copyTree(t, map[string]func(string) string{
		"0_tables/core/020_tenants.sql": func(s string) string {
			return "-- the tenants\n" + strings.ReplaceAll(s, "\n", "\n\n") + "\n/* changed */\n"
		},
	})
	plan, err = codeobj.Decide(ctx, conn, p3)
	require.NoError(t, err)
	require.False(t, plan.Full, plan.Why)
	require.NotContains(t, plan.Changed, "0_tables/core/020_tenants.sql")

	// A data file changed: a full rebuild is needed.
	p4 := copyTree(t, map[string]func(string) string{
		"0_tables/core/020_tenants.sql": func(s string) string { return s + "\nselect 1;\n" },
	})
	plan, err = codeobj.Decide(ctx, conn, p4)
	require.NoError(t, err)
	require.True(t, plan.Full)
	require.Contains(t, plan.Why, "0_tables/core/020_tenants.sql changed")
}

func TestReloadTakesBackGrantsAndRLSOnDataTables(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"0_tables/app/000_schema.sql": "create schema app;\ncreate table app.items (id int primary key, secret text);\ncomment on table app.items is 'data';\n",
		"6_security/app/items.sql": "alter table app.items enable row level security;\n" +
			"grant select (id) on app.items to public;\n" +
			"revoke all on schema app from public;\n" +
			"comment on column app.items.secret is 'code';\n" +
			"create function app.n() returns int language sql return 1;\n" +
			"grant execute on function app.n() to public;\n",
		"8_seed/app/items.sql": "insert into app.items values (1, 's');\n",
	}
	p1 := ownTree(t, files)
	conn := fullBuild(t, p1, nil)

	delete(files, "6_security/app/items.sql")
	p2 := ownTree(t, files)
	_, err := codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	fresh := fullBuild(t, p2, noSeed)
	diffs := catalog.Diff(readCatalog(t, fresh), readCatalog(t, conn), catalog.DiffOptions{})
	require.Empty(t, diffs)
	var n int
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from app.items").Scan(&n))
	require.Equal(t, 1, n)
}

func TestReplaceFileRecreatesOneFilesObjects(t *testing.T) {
	t.Parallel()
	p := copyTree(t, nil)
	conn := fullBuild(t, p, noSeed)
	const path = "3_functions/core/140_purge_jobs.sql"
	before := readCatalog(t, conn)

	// A mutant of the file: same objects, another body.
	mutant := copyTree(t, map[string]func(string) string{
		path: func(s string) string { return strings.Replace(s, "as $$", "as $$\n    -- mutant", 1) },
	})
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, codeobj.ReplaceFile(ctx, tx, mutant, path))
	var src string
	require.NoError(t, tx.QueryRow(ctx, "select prosrc from pg_proc where oid = 'core.purge_jobs'::regproc").Scan(&src))
	require.Contains(t, src, "-- mutant")
	inTx, err := catalog.Read(ctx, tx)
	require.NoError(t, err)
	changed := catalog.Diff(before, inTx, catalog.DiffOptions{})
	require.Len(t, changed, 1, "only the mutated function differs")
	require.Equal(t, "purge_jobs(older_than interval)", changed[0].Name)
	require.Equal(t, []string{path}, changed[0].Files)
	require.NoError(t, tx.Rollback(ctx))

	// Only code files can be replaced.
	tx, err = conn.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	require.ErrorContains(t, codeobj.ReplaceFile(ctx, tx, p, "0_tables/core/020_tenants.sql"), "not a code file")
}

// A saved function file is reloaded alone (the later files' grants on its
// function given back), and the result equals a fresh build; what the
// partial reload cannot prove equivalent takes the whole reload: a new
// grant in the file, a function a later file refers to (a policy), a body
// naming an object of a later file (which a fresh build refuses).
func TestPartialReloadOfChangedFunctions(t *testing.T) {
	t.Parallel()
	p := copyTree(t, nil)
	conn := fullBuild(t, p, noSeed)
	noSeedProject := func(q *project.Project) *project.Project {
		out := &project.Project{Root: q.Root}
		for _, f := range q.Files {
			if f.Folder != "8_seed" {
				out.Files = append(out.Files, f)
			}
		}
		return out
	}
	body := func(marker string) func(string) string {
		return func(s string) string { return strings.Replace(s, "as $$", "as $$\n    -- "+marker, 1) }
	}

	// a PL/pgSQL API function (granted by 6_security) and a SQL one
	p2 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/open_position.sql":   body("partial"),
		"3_functions/crm/account_balance.sql": body("partial"),
	}))
	res, err := codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	require.True(t, res.Partial)
	require.Equal(t, 2, res.Files)
	require.Greater(t, res.Dropped.Privileges, 0, "6_security's grant on open_position given back")
	var src string
	require.NoError(t, conn.QueryRow(ctx, "select prosrc from pg_proc where oid = 'crm_private.account_balance'::regproc").Scan(&src))
	require.Contains(t, src, "-- partial")
	fresh := fullBuild(t, p2, noSeed)
	require.Empty(t, catalog.Diff(readCatalog(t, fresh), readCatalog(t, conn), catalog.DiffOptions{}))
	// the privileges before the code (what a later whole reload gives
	// back to the data) are the last build's, as a fresh build takes them
	require.Equal(t, aclBaseline(t, fresh), aclBaseline(t, conn))

	// a function other function files call in their parameter defaults
	// (crm_private.today(): convert_amount, enqueue_monthly_statements):
	// they are reloaded with it, and the result equals a fresh build
	pDefaults := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/open_position.sql":   body("partial"),
		"3_functions/crm/account_balance.sql": body("partial"),
		"3_functions/crm/000_today.sql":       body("partial"),
	}))
	res, err = codeobj.Reload(ctx, conn, pDefaults, false)
	require.NoError(t, err)
	require.True(t, res.Partial)
	require.Equal(t, 3, res.Files)
	require.Equal(t, 2, res.Dependents)
	var out strings.Builder
	codeobj.PrintResult(&out, res, false)
	require.Contains(t, out.String(), "reloaded the changed function file and the 2 function files depending on it in place")
	require.Empty(t, catalog.Diff(readCatalog(t, fullBuild(t, pDefaults, noSeed)), readCatalog(t, conn), catalog.DiffOptions{}))
	res, err = codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	require.True(t, res.Partial)

	// the file grants something new: the whole reload
	p3 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/open_position.sql": func(s string) string {
			return s + "\ngrant execute on function crm_api.open_position(uuid, text, text, numeric, numeric) to crm_agent;\n"
		},
	}))
	res, err = codeobj.Reload(ctx, conn, p3, false)
	require.NoError(t, err)
	require.False(t, res.Partial)
	// and back: the file's map now holds a grant, so the whole reload again
	res, err = codeobj.Reload(ctx, conn, p2, false)
	require.NoError(t, err)
	require.False(t, res.Partial)
	require.Empty(t, catalog.Diff(readCatalog(t, fresh), readCatalog(t, conn), catalog.DiffOptions{}))

	// a function the policies of 6_security call: they depend on it
	p4 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/open_position.sql":   body("partial"),
		"3_functions/crm/account_balance.sql": body("partial"),
		"2_views/core/020_current_user_id.sql": func(s string) string {
			return strings.Replace(s, "as $$", "as $$\n    -- saved", 1)
		},
	}))
	require.NotNil(t, p4.File("2_views/core/020_current_user_id.sql"))
	res, err = codeobj.Reload(ctx, conn, p4, false)
	require.NoError(t, err)
	require.False(t, res.Partial)

	// a SQL body naming a function a later file creates: a fresh build
	// fails on it, and so does the reload (never a partial success)
	p5 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/account_balance.sql": func(s string) string {
			return strings.Replace(s, "select coalesce(", "select crm_private.zz_later() + coalesce(", 1)
		},
		"3_functions/crm/zz_later.sql": func(string) string {
			return "create function crm_private.zz_later() returns numeric language sql immutable return 0;\n"
		},
	}))
	_, err = codeobj.Reload(ctx, conn, p5, false)
	require.ErrorContains(t, err, "crm_private.zz_later() does not exist")
	// the later function existing already does not make it pass
	p6 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/zz_later.sql": func(string) string {
			return "create function crm_private.zz_later() returns numeric language sql immutable return 0;\n"
		},
	}))
	_, err = codeobj.Reload(ctx, conn, p6, false)
	require.NoError(t, err)
	p7 := noSeedProject(copyTree(t, map[string]func(string) string{
		"3_functions/crm/account_balance.sql": func(s string) string {
			return strings.Replace(s, "select coalesce(", "select crm_private.zz_later() + coalesce(", 1)
		},
		"3_functions/crm/zz_later.sql": func(string) string {
			return "create function crm_private.zz_later() returns numeric language sql immutable return 0;\n"
		},
	}))
	_, err = codeobj.Reload(ctx, conn, p7, false)
	require.ErrorContains(t, err, "crm_private.zz_later() does not exist")
}

// aclBaseline lists the privileges a build recorded before its code
// folders, by object identity.
func aclBaseline(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(ctx, `
		select pg_catalog.format('%s %s %s %s %s', (pg_catalog.pg_identify_object(classid, objid, subid)).identity, k, acl, rls, frls)
		from thick.acl_baseline order by 1`)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.NotEmpty(t, out)
	return out
}

// The seed writes its dates relative to the day it ran: a database seeded
// on another day is rebuilt, never reloaded in place; one built without the
// seed has no such day and is reloaded.
func TestSeedOfAnotherDayIsNotReloaded(t *testing.T) {
	t.Parallel()
	p := copyTree(t, map[string]func(string) string{
		"8_seed/core/999_probe.sql": func(string) string { return "select 1;\n" },
	})
	conn := fullBuild(t, p, nil)
	plan, err := codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.False(t, plan.Full, "seeded today: %s", plan.Why)

	_, err = conn.Exec(ctx, "update thick.marker set seeded_at = seeded_at - interval '1 day'")
	require.NoError(t, err)
	plan, err = codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.True(t, plan.Full)
	require.Regexp(t, `^the seed ran on \d{4}-\d\d-\d\d and writes its dates relative to that day; today is \d{4}-\d\d-\d\d$`, plan.Why)

	// a marker of an older thick, without the seed's day: rebuilt once
	_, err = conn.Exec(ctx, "alter table thick.marker drop column seeded_at")
	require.NoError(t, err)
	plan, err = codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.True(t, plan.Full)
	require.Equal(t, "the last build predates thick's record of the seed's day", plan.Why)

	// a full build records today again
	_, err = build.Rebuild(ctx, conn, p, build.Options{Record: true})
	require.NoError(t, err)
	plan, err = codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.False(t, plan.Full, plan.Why)

	// the same day for the session, but past midnight for a hotel: its
	// zone's local hour is 0 now, and the seed ran an hour ago
	noon, justPast := pgtest.ZoneAtLocalHour(t, conn, 12), pgtest.ZoneAtLocalHour(t, conn, 0)
	_, err = conn.Exec(ctx, "set timezone = '"+noon+"'")
	require.NoError(t, err)
	// every zone of the data at local noon too
	_, err = conn.Exec(ctx, `update thick.marker set seeded_at = now() - interval '1 hour';
		update hr.hotels set time_zone = '`+noon+`';
		update med.districts set time_zone = '`+noon+`';
		update med.schools set time_zone = '`+noon+`'`)
	require.NoError(t, err)
	plan, err = codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.False(t, plan.Full, "an hour ago was today in every zone of the data: %s", plan.Why)
	_, err = conn.Exec(ctx, "update hr.hotels set time_zone = $1 where name = (select min(name) from hr.hotels)", justPast)
	require.NoError(t, err)
	plan, err = codeobj.Decide(ctx, conn, p)
	require.NoError(t, err)
	require.True(t, plan.Full)
	require.Regexp(t, `^the seed ran on \d{4}-\d\d-\d\d in `+regexp.QuoteMeta(justPast)+` and writes its dates relative to that day; it is \d{4}-\d\d-\d\d there now$`, plan.Why)
	_, err = build.Rebuild(ctx, conn, p, build.Options{Record: true})
	require.NoError(t, err)

	// without the seed: no day, reloadable whatever the date
	noSeedConn := fullBuild(t, p, noSeed)
	var seededAt *string
	require.NoError(t, noSeedConn.QueryRow(ctx, "select seeded_at::text from thick.marker").Scan(&seededAt))
	require.Nil(t, seededAt)
	pNoSeed := &project.Project{Root: p.Root}
	for _, f := range p.Files {
		if f.Folder != build.SeedFolder {
			pNoSeed.Files = append(pNoSeed.Files, f)
		}
	}
	plan, err = codeobj.Decide(ctx, noSeedConn, pNoSeed)
	require.NoError(t, err)
	require.False(t, plan.Full, plan.Why)
}

// TestGrantsAreRecordedPerFile: a build records each file's grants and
// revokes (thick.build_acl) against the privileges as the file found them,
// also for objects created or extended since the last file that granted,
// and for an extension's functions, which no DDL command of the file names.
func TestGrantsAreRecordedPerFile(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"0_tables/app/000_schema.sql": "create schema app;\ncreate table app.items (id int primary key);\ngrant select on app.items to public;\n" +
			"create function app.f() returns int language sql return 1;\nrevoke execute on function app.f() from public;\n",
		// an extension's functions: no DDL command names them
		"1_junctions/app/010_extension.sql":    "create schema app_ext;\ncreate extension pgcrypto with schema app_ext;\n",
		"2_views/app/020_extension_grants.sql": "revoke execute on function app_ext.gen_random_bytes(integer) from public;\n",
		// no grant here: the function and the view are new to the next
		// granting file, the table touched
		"3_functions/app/030_code.sql": "create function app.n() returns int language sql return 1;\n" +
			"create view app.v as select 1 as x;\n" +
			"comment on table app.items is 'touched since';\n" +
			"alter function app.f() owner to crm_reader;\n", // privileges changed by no grant
		"6_security/app/grants.sql": "revoke execute on function app.n() from public;\n" +
			"grant select on app.v to public;\n" +
			"revoke select on app.items from public;\n" +
			"grant execute on function app.f() to public;\n",
	}
	conn := fullBuild(t, ownTree(t, files), nil)
	rows, err := conn.Query(ctx, `
		select kind || ' ' || target || ' ' || privilege || ' ' || grantee || ' ' || case when added then 'added' else 'taken' end
		from thick.build_acl where file ~ '^(2_views|6_security)/app/' order by file, 1`)
	require.NoError(t, err)
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{
		"routine app_ext.gen_random_bytes(integer) EXECUTE public taken",
		"routine app.f() EXECUTE public added",
		"routine app.n() EXECUTE public taken",
		"table app.items SELECT public taken",
		"table app.v SELECT public added",
	}, got)
}
