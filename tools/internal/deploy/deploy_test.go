package deploy_test

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	"github.com/stripe/pg-schema-diff/pkg/diff"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/deploy"
	"thick/tools/internal/pgtest"
)

// newVersion edits a copy of the tree into a release that adds a column
// (0_tables and its migration) and changes ten functions, a view, a policy
// and a trigger.
func newVersion(t *testing.T, tr *tree) {
	tr.edit("0_tables/crm/010_desks.sql", "    created_at timestamptz not null default now(),",
		"    created_at timestamptz not null default now(),\n    note text,")
	tr.write(tr.migration(1, "desk_note"), "alter table crm.desks add column note text;\n")
	// The column sits before the constraints in the fresh build, after them
	// in the migrated database: the catalog compares columns by position,
	// which both give as the last column (constraints are not columns).
	files, err := filepath.Glob(filepath.Join(tr.root, "3_functions", "crm", "*.sql"))
	require.NoError(t, err)
	sort.Strings(files)
	changed := 0
	for _, f := range files {
		rel, _ := filepath.Rel(tr.root, f)
		b := readFile(t, f)
		if strings.Contains(b, "as $$\n") && changed < 10 {
			tr.edit(rel, "as $$\n", "as $$\n    -- release 2\n")
			changed++
		}
	}
	require.Equal(t, 10, changed)
	tr.edit("2_views/crm/instruments.sql", "       instruments.contract_size,\n", "       instruments.contract_size,\n       instruments.contract_size * 2 as double_contract_size,\n")
	tr.edit("6_security/core/core.sql", "create policy jobs_select_reader on core.jobs\nfor select\nto crm_reader, med_reader, hr_reader",
		"create policy jobs_select_reader on core.jobs\nfor select\nto crm_reader")
	tr.edit("4_triggers/crm/ibs_level.sql", "before insert or update of parent_id on crm.ibs", "before insert or update of parent_id, id on crm.ibs")
}

func TestDeployNewVersionKeepsEveryRow(t *testing.T) {
	t.Parallel()
	v1 := copyTree(t)
	conn, url := devBuild(t, v1.project()) // the demo data
	before := rows(t, conn)
	require.NotEmpty(t, before["crm.clients"])

	v2 := copyTree(t)
	newVersion(t, v2)
	var log strings.Builder
	res, err := deploy.Deploy(ctx, conn, v2.project(), deploy.Options{Reference: refIn(t), Migrations: v2.migrations(), Log: &log})
	require.NoError(t, err, log.String())
	require.True(t, res.Committed)
	require.Equal(t, []string{filepath.Base(v2.migration(1, "desk_note"))}, res.Applied)
	require.Empty(t, res.Diffs)
	require.Greater(t, res.LockHeld, time.Duration(0))

	after := rows(t, conn)
	require.Equal(t, len(before["crm.desks"]), len(after["crm.desks"]))
	for i, r := range before["crm.desks"] {
		require.Equal(t, strings.TrimSuffix(r, ")")+",)", after["crm.desks"][i], "the desk row with the new, empty column")
	}
	delete(before, "crm.desks")
	delete(after, "crm.desks")
	require.Equal(t, before, after, "every row is still there")

	// The new code is live.
	require.Equal(t, 1, count(t, conn, `select count(*) from pg_attribute where attrelid = 'crm_api.instruments'::regclass and attname = 'double_contract_size'`))
	require.Equal(t, 10, count(t, conn, `select count(*) from pg_proc where pronamespace in ('crm_api'::regnamespace, 'crm_private'::regnamespace) and prosrc like '%release 2%'`))

	// Independent cross-check: pg-schema-diff finds nothing to change
	// between the deployed database and a fresh build.
	freshURL := pgtest.NewDB(t, "")
	fresh := pgtest.Connect(t, freshURL)
	_, err = build.Rebuild(ctx, fresh, v2.project(), build.Options{Folders: deploy.BuildFolders, Record: true})
	require.NoError(t, err)
	requireNoSchemaDiff(t, url, freshURL)

	// Deploying the same release again applies nothing and finds no drift.
	res, err = deploy.Deploy(ctx, conn, v2.project(), deploy.Options{Reference: refIn(t), Migrations: v2.migrations()})
	require.NoError(t, err)
	require.Empty(t, res.Applied)
	require.True(t, res.Committed)

	// An applied migration edited afterwards is refused.
	v2.write(v2.migration(1, "desk_note"), "alter table crm.desks add column note varchar;\n")
	_, err = deploy.Deploy(ctx, conn, v2.project(), deploy.Options{Reference: refIn(t), Migrations: v2.migrations()})
	var edited *deploy.EditedError
	require.ErrorAs(t, err, &edited)
	require.Equal(t, []string{v2.migration(1, "desk_note")}, edited.Names)
}

// requireNoSchemaDiff asks pg-schema-diff for the plan from the database at
// a to the one at b over the project's schemas, and requires it empty; as a
// positive control, it must find the difference an extra index makes.
func requireNoSchemaDiff(t *testing.T, a, b string) {
	t.Helper()
	open := func(url string) *sql.DB {
		cfg, err := pgx.ParseConfig(url)
		require.NoError(t, err)
		db := stdlib.OpenDB(*cfg)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	dbA, dbB := open(a), open(b)
	schemas := []string{"core", "crm", "crm_api", "crm_private"}
	plan, err := diff.Generate(ctx, diff.DBSchemaSource(dbA), diff.DBSchemaSource(dbB),
		diff.WithDoNotValidatePlan(), diff.WithIncludeSchemas(schemas...))
	require.NoError(t, err)
	var stmts []string
	for _, s := range plan.Statements {
		stmts = append(stmts, s.ToSQL())
	}
	require.Empty(t, stmts, "pg-schema-diff finds differences")

	_, err = dbB.ExecContext(ctx, "create index cross_check_probe on crm.desks (name)")
	require.NoError(t, err)
	defer func() { _, _ = dbB.ExecContext(ctx, "drop index crm.cross_check_probe") }()
	plan, err = diff.Generate(ctx, diff.DBSchemaSource(dbA), diff.DBSchemaSource(dbB),
		diff.WithDoNotValidatePlan(), diff.WithIncludeSchemas(schemas...))
	require.NoError(t, err)
	require.NotEmpty(t, plan.Statements, "pg-schema-diff sees an added index")
}

func TestDeployIntoAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	tr.write(tr.migration(1, "first"), "select 1;\n")
	conn := pgtest.Connect(t, pgtest.NewDB(t, ""))
	res, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err)
	require.True(t, res.Fresh)
	var all []string
	for _, m := range tr.migrations() {
		all = append(all, m.Name)
	}
	require.Equal(t, filepath.Base(tr.migration(1, "first")), all[len(all)-1])
	require.Equal(t, all, res.Recorded, "the project's own migrations and the test's")
	require.Empty(t, res.Applied)
	require.Equal(t, len(all), count(t, conn, `select count(*) from thick.migrations where not applied`))
	require.Equal(t, 0, count(t, conn, `select count(*) from crm.clients`), "8_seed never runs")
	require.Equal(t, 1, count(t, conn, `select count(*) from thick.marker where kind = 'production'`))
	// The database is now refused by a rebuild.
	_, err = build.Rebuild(ctx, conn, tr.project(), build.Options{})
	require.True(t, build.IsRefused(err), "%v", err)
}

func TestFailingMigrationLeavesTheDatabaseAsItWas(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	conn, _ := devBuild(t, tr.project())
	beforeRows := rows(t, conn)
	beforeCat := readCatalog(t, conn)

	tr.write(tr.migration(1, "fine"), "alter table crm.desks add column note text;\nupdate crm.desks set note = 'n';\n")
	tr.write(tr.migration(2, "fails"), "create table crm.scratch (id int);\ninsert into crm.scratch values (1);\nselect 1 / 0;\n")
	_, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	var se *build.SQLError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "22012", se.Code)
	require.Equal(t, tr.migration(2, "fails"), se.Path)
	require.Equal(t, 3, se.Line)

	require.Equal(t, beforeRows, rows(t, conn), "rows as before")
	require.Empty(t, catalog.Diff(beforeCat, readCatalog(t, conn), catalog.DiffOptions{}), "catalog as before")
	require.Equal(t, 0, migrationRows(t, conn))
}

func TestConcurrentDeploysAreSerialized(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	_, url := devBuild(t, tr.project())
	tr.write(tr.migration(1, "desk_note"), "alter table crm.desks add column note text;\n")
	tr.edit("0_tables/crm/010_desks.sql", "    created_at timestamptz not null default now(),",
		"    created_at timestamptz not null default now(),\n    note text,")

	// Hold the lock a deploy takes; both deploys must wait for it.
	holder := pgtest.Connect(t, url)
	htx, err := holder.Begin(ctx)
	require.NoError(t, err)
	_, err = htx.Exec(ctx, "select pg_advisory_xact_lock(8388070181701839972)") // 0x746869636b626c64
	require.NoError(t, err)

	var wg sync.WaitGroup
	results := make([]*deploy.Result, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close(ctx)
			results[i], errs[i] = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
		}()
	}
	// Both wait on the advisory lock.
	var state []string
	monitor := pgtest.Connect(t, url) // outside the holder's transaction, whose view of pg_stat_activity is a snapshot
	waiting := func() bool {
		r, err := monitor.Query(ctx, `select coalesce(wait_event_type, '') || ' ' || coalesce(wait_event, '') || ' ' || left(query, 60)
			from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)
		_ = holder
		require.NoError(t, err)
		state, err = pgx.CollectRows(r, pgx.RowTo[string])
		require.NoError(t, err)
		n := 0
		for _, s := range state {
			if strings.HasPrefix(s, "Lock advisory") {
				n++
			}
		}
		return n == 2
	}
	deadline := time.Now().Add(30 * time.Second)
	for !waiting() {
		require.True(t, time.Now().Before(deadline), "both deploys wait on the lock: %q %v %v", state, errs[0], errs[1])
		time.Sleep(50 * time.Millisecond)
	}
	require.NoError(t, htx.Rollback(ctx))
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	// One applied the migration, the other found it applied: had they
	// overlapped, the second would have added the column again and failed.
	applied := len(results[0].Applied) + len(results[1].Applied)
	require.Equal(t, 1, applied)
	require.Equal(t, 1, count(t, holder, `select count(*) from thick.migrations where applied`))
}

func TestDeployWhoseResultDriftsIsRolledBack(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	conn, _ := devBuild(t, tr.project())
	before := readCatalog(t, conn)
	// A migration that does more than the files say: an index 0_tables lacks.
	tr.write(tr.migration(1, "index"), "create index clients_email_extra on crm.clients (email);\n")
	res, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	var drift *deploy.DriftError
	require.ErrorAs(t, err, &drift)
	require.False(t, res.Committed)
	require.Len(t, drift.Diffs, 1)
	require.Equal(t, catalog.Key{Schema: "crm", Kind: "index", Name: "clients_email_extra"}, drift.Diffs[0].Key)
	require.Equal(t, catalog.Extra, drift.Diffs[0].Change)
	require.Empty(t, catalog.Diff(before, readCatalog(t, conn), catalog.DiffOptions{}), "rolled back")
	require.Equal(t, 0, migrationRows(t, conn))

	// A dry run of a clean release verifies and rolls back.
	tr.write(tr.migration(1, "index"), "select 1;\n")
	res, err = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations(), DryRun: true})
	require.NoError(t, err)
	require.False(t, res.Committed)
	require.Equal(t, []string{filepath.Base(tr.migration(1, "index"))}, res.Applied)
	require.Equal(t, 0, migrationRows(t, conn))
}

// TestVerifyReportsEveryKindOfDrift changes a deployed database by hand in
// each way the verification must catch, one clone per change, and requires
// the object reported with the file that defines it.
func TestVerifyReportsEveryKindOfDrift(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	p := tr.project()
	tmpl := pgtest.NewDB(t, "")
	tconn := pgtest.Connect(t, tmpl)
	_, err := deploy.Deploy(ctx, tconn, p, deploy.Options{Reference: refIn(t)})
	require.NoError(t, err)
	require.NoError(t, tconn.Close(ctx))
	cfg, err := pgx.ParseConfig(tmpl)
	require.NoError(t, err)
	ref, err := deploy.BuildReference(ctx, pgtest.NewDB(t, ""), p, 0)
	require.NoError(t, err)

	// No false drift on the fresh deploy.
	clean := pgtest.Connect(t, pgtest.NewDB(t, cfg.Database))
	diffs, err := deploy.Compare(ctx, clean, ref, catalog.DiffOptions{})
	require.NoError(t, err)
	require.Empty(t, diffs)

	cases := []struct {
		name   string
		sql    string
		key    catalog.Key
		change catalog.Change
		file   string
		// in the diff's text
		shows string
	}{
		{"function body edited", `create or replace function core.purge_jobs(older_than interval default '7 days') returns bigint language sql volatile set search_path = '' as $$ select 0::bigint $$`,
			key("core", "function", "purge_jobs(older_than interval)"), catalog.Changed, "3_functions/core/140_purge_jobs.sql", "select 0::bigint"},
		{"policy dropped", `drop policy jobs_select_reader on core.jobs`,
			key("core", "policy", "jobs.jobs_select_reader"), catalog.Missing, "6_security/core/core.sql", "create policy jobs_select_reader"},
		{"policy altered", `alter policy jobs_select_reader on core.jobs to crm_reader`,
			key("core", "policy", "jobs.jobs_select_reader"), catalog.Changed, "6_security/core/core.sql", "+create policy jobs_select_reader on core.jobs as permissive for select to crm_reader using"},
		{"grant added", `grant select on core.users to crm_client`,
			key("core", "table", "users"), catalog.Changed, "0_tables/core/030_users.sql", "+grant select on table core.users to crm_client;"},
		{"implicit execute for public", `grant execute on function core.purge_jobs(interval) to public`,
			key("core", "function", "purge_jobs(older_than interval)"), catalog.Changed, "3_functions/core/140_purge_jobs.sql", "+grant execute on routine core.purge_jobs(interval) to public;"},
		{"owner changed", `alter function core.purge_jobs(interval) owner to crm_reader`,
			key("core", "function", "purge_jobs(older_than interval)"), catalog.Changed, "3_functions/core/140_purge_jobs.sql", "owner to crm_reader"},
		{"comment changed", `comment on table crm.desks is 'edited'`,
			key("crm", "table", "desks"), catalog.Changed, "0_tables/crm/010_desks.sql", "+comment on table crm.desks is 'edited';"},
		{"column added", `alter table crm.desks add column extra int`,
			key("crm", "table", "desks"), catalog.Changed, "0_tables/crm/010_desks.sql", "+  extra integer"},
		{"index added", `create index desks_name_extra on crm.desks (name)`,
			key("crm", "index", "desks_name_extra"), catalog.Extra, "", "CREATE INDEX desks_name_extra"},
		{"trigger disabled", `alter table crm.ibs disable trigger ibs_set_level`,
			key("crm", "trigger", "ibs.ibs_set_level"), catalog.Changed, "4_triggers/crm/ibs_level.sql", "disable trigger ibs_set_level"},
		{"default changed", `alter table crm.desks alter column created_at set default '2000-01-01'`,
			key("crm", "table", "desks"), catalog.Changed, "0_tables/crm/010_desks.sql", "2000-01-01"},
		{"matview definition", `drop materialized view crm_private.report_funnel_mv cascade;
			create materialized view crm_private.report_funnel_mv as select clients.tenant_id, 1 as month from crm.clients as clients`,
			key("crm_private", "materialized view", "report_funnel_mv"), catalog.Changed, "5_matviews/crm/report_funnel.sql", "1 AS month"},
		{"view dropped", `drop view crm_api.instruments`,
			key("crm_api", "view", "instruments"), catalog.Missing, "2_views/crm/instruments.sql", "create view crm_api.instruments"},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			conn := pgtest.Connect(t, pgtest.NewDB(t, cfg.Database))
			_, err := conn.Exec(ctx, c.sql)
			require.NoError(t, err)
			diffs, err := deploy.Compare(ctx, conn, ref, catalog.DiffOptions{})
			require.NoError(t, err)
			var found *catalog.Difference
			for i := range diffs {
				if diffs[i].Key == c.key {
					found = &diffs[i]
				}
			}
			require.NotNil(t, found, "%s not reported; got %v", c.key, keys(diffs))
			require.Equal(t, c.change, found.Change)
			if c.file != "" {
				require.Contains(t, found.Files, c.file)
			}
			var out strings.Builder
			catalog.Print(&out, diffs)
			require.Contains(t, out.String(), c.shows)
		})
	}
}

func keys(ds []catalog.Difference) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %s", d.Change, d.Key))
	}
	return out
}

func TestDumpIsStableAcrossARebuild(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	conn, _ := devBuild(t, tr.project())
	dir := t.TempDir()
	c1 := readCatalog(t, conn)
	_, err := c1.Dump(dir)
	require.NoError(t, err)
	first := snapshot(t, dir)
	_, err = readCatalog(t, conn).Dump(dir)
	require.NoError(t, err)
	require.Equal(t, first, snapshot(t, dir), "two dumps of one database")

	_, err = build.Rebuild(ctx, conn, tr.project(), build.Options{Record: true})
	require.NoError(t, err)
	_, err = readCatalog(t, conn).Dump(dir)
	require.NoError(t, err)
	require.Equal(t, first, snapshot(t, dir), "dump, rebuild, dump")

	// A change shows in exactly one file; a dropped object's file goes.
	_, err = conn.Exec(ctx, `comment on table crm.desks is 'edited'; drop view crm_api.instruments`)
	require.NoError(t, err)
	_, err = readCatalog(t, conn).Dump(dir)
	require.NoError(t, err)
	second := snapshot(t, dir)
	var changed []string
	for k, v := range first {
		if second[k] != v {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	require.Equal(t, []string{"crm/table/desks.sql", "crm_api/view/instruments.sql"}, changed)
	_, still := second["crm_api/view/instruments.sql"]
	require.False(t, still)
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	matches, err := filepath.Glob(filepath.Join(dir, "*", "*", "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, matches)
	for _, m := range matches {
		rel, _ := filepath.Rel(dir, m)
		out[filepath.ToSlash(rel)] = readFile(t, m)
	}
	return out
}

var _ = regexp.MustCompile
var _ = errors.New

func key(schema, kind, name string) catalog.Key {
	return catalog.Key{Schema: schema, Kind: kind, Name: name}
}
