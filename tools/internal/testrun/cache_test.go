package testrun_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/catalog"
	"thick/tools/internal/cli"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
	"thick/tools/internal/testrun"
)

// countTwo passes only on a template holding exactly the two items the
// files insert.
const countTwo = `begin;
select plan(1);
select is((select count(*)::int from app.items), 2, 'two items');
select * from finish();
rollback;
`

// cacheable lets the cache server's OS user reach root's .thick/test, and
// stops that server when the test ends.
func cacheable(t *testing.T, root string) {
	t.Helper()
	require.NoError(t, os.Chmod(root, 0o755))
	require.NoError(t, os.Chmod(filepath.Dir(root), 0o755))
	stopCache(t, root)
}

func stopCache(t *testing.T, root string) {
	t.Cleanup(func() {
		if c, err := pgcluster.Open(testrun.CacheDir(root)); err == nil {
			_ = c.Stop(context.Background())
		}
	})
}

// thickDatabases lists the databases of thick's on the server, by name.
func thickDatabases(t *testing.T, srv testrun.Server) []string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	rows, err := admin.Query(ctx, "select datname from pg_database where datname like 'thick%' order by 1")
	require.NoError(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return names
}

// writeFile writes content to the file rel of the project at root.
func writeFile(t *testing.T, root, rel, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(content), 0o644))
}

func runTest(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), args, &out, &errb)
	t.Log(out.String(), errb.String())
	return code, out.String()
}

// firstTemplate runs thick test on root, whose template is not cached yet,
// and returns the cache server and the one template the run built.
func firstTemplate(t *testing.T, root string) (testrun.Server, string) {
	t.Helper()
	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "postgres: local cache server (.thick/test)  rebuild ")
	srv, err := testrun.StartCache(context.Background(), root)
	require.NoError(t, err)
	names, err := testrun.CachedTemplates(context.Background(), srv)
	require.NoError(t, err)
	require.Len(t, names, 1)
	return srv, names[0]
}

// The cache: a first run builds the template on the server under
// .thick/test; a second run with no file changed clones that very template
// (a row slipped into it shows up in the suite); a changed build file
// builds a new template and drops the old one. Not parallel: it clears CI.
func TestTemplateCache(t *testing.T) {
	t.Setenv("CI", "")
	root := tinyProject(t, map[string]string{"tests/app/01_count.sql": countTwo})
	cacheable(t, root)
	ctx := context.Background()

	srv, first := firstTemplate(t, root)

	// the cached template is what the next run clones: change it behind
	// thick's back (and drop the first run's test database, kept as it
	// was) and the suite sees it
	tpl, err := pgx.Connect(ctx, srv.URL(first))
	require.NoError(t, err)
	_, err = tpl.Exec(ctx, "insert into app.items (name) values ('slipped in')")
	require.NoError(t, err)
	require.NoError(t, tpl.Close(ctx))
	dropSpares(t, srv)

	code, out := runTest(t, "--root", root)
	require.Equal(t, 1, code)
	require.Contains(t, out, "template cached (no SQL change)")
	require.Contains(t, out, "#         have: 3")

	// a changed build file: a new template, the old one dropped
	f := filepath.Join(root, "0_tables", "app", "010_items.sql")
	b, err := os.ReadFile(f)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f, append(b, "comment on table app.items is 'a new key';\n"...), 0o644))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	require.True(t, strings.HasSuffix(out, "\n1 passed, 0 failed\n"))
	second, err := testrun.CachedTemplates(ctx, srv)
	require.NoError(t, err)
	require.Len(t, second, 1)
	require.NotEqual(t, first, second[0])

	// the runs leave no database but the template and the last run's test
	// database, kept for the next run of that template
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	var left []string
	rows, err := admin.Query(ctx, "select datname from pg_database where datname like 'thick%' order by 1")
	require.NoError(t, err)
	left, err = pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{"thick_spare_" + strings.TrimPrefix(second[0], "thick_tpl_"), second[0]}, left)

	// thick stop stops the cache server too
	var stopOut, stopErr bytes.Buffer
	require.Equal(t, 0, cli.Stop(ctx, []string{"--root", root}, &stopOut, &stopErr), stopErr.String())
	require.Contains(t, stopOut.String(), "stopped the test cache server under ")
	c, err := pgcluster.Open(testrun.CacheDir(root))
	require.NoError(t, err)
	require.False(t, c.Running(ctx))

	// --fresh and CI=true keep the throwaway server
	code, out = runTest(t, "--root", root, "--fresh")
	require.Equal(t, 0, code)
	require.NotContains(t, out, "cache")
	t.Setenv("CI", "true")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.NotContains(t, out, "cache")
}

// The key covers the build folders and tests/setup, and nothing else.
func TestCacheKey(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{"tests/app/01_count.sql": countTwo})
	key := func() string {
		p, err := project.Load(root)
		require.NoError(t, err)
		plan, err := testrun.Discover(root, nil)
		require.NoError(t, err)
		k, err := testrun.CacheKey(p, plan)
		require.NoError(t, err)
		return k
	}
	write := func(rel, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644))
	}
	k0 := key()
	require.Equal(t, k0, key(), "stable")
	write("tests/app/02_more.sql", countTwo)
	require.Equal(t, k0, key(), "a suite is not in the template")
	write("README.md", "x")
	require.Equal(t, k0, key())
	write("tests/setup/20_more.sql", "select 1;\n")
	k1 := key()
	require.NotEqual(t, k0, k1, "a setup file is")
	write("8_seed/app/x.sql", "select 1;\n")
	k2 := key()
	require.NotEqual(t, k1, k2, "a seed file is")
	require.NoError(t, os.Rename(filepath.Join(root, "8_seed/app/x.sql"), filepath.Join(root, "8_seed/app/y.sql")))
	require.NotEqual(t, k2, key(), "a renamed file is")
}

// The cache with code: a saved function brings the cached template up to
// date by the in-place code reload (its seeded rows, and a row slipped in
// behind thick's back, stay: no rebuild happened), and the reloaded template
// equals a template built from scratch from the same files, catalog to
// catalog; a changed table file builds a new template. Not parallel: it
// clears CI.
func TestTemplateCacheReloadsCode(t *testing.T) {
	t.Setenv("CI", "")
	fn := func(n int) string {
		return fmt.Sprintf("create function app.answer() returns int language sql stable return %d;\n"+
			"comment on function app.answer() is 'version %d';\n", n, n)
	}
	suite := func(n int) string {
		return fmt.Sprintf(`begin;
select plan(3);
select is(app.answer(), %d, 'the saved body');
select is((select count(*)::int from app.item_names), 2, 'the seeded items');
select is((select pg_catalog.count(*)::int from pg_catalog.pg_policies where tablename = 'items'), 1, 'one policy');
select * from finish();
rollback;
`, n)
	}
	root := tinyProject(t, map[string]string{
		"0_tables/app/010_items.sql": "create table app.items (\n    id bigint generated always as identity primary key,\n    name text not null\n);\n",
		"2_views/app/item_names.sql": "create view app.item_names as select name from app.items;\n",
		"3_functions/app/answer.sql": fn(1),
		"6_security/app/items.sql": "alter table app.items enable row level security;\n" +
			"create policy items_all on app.items using (true);\n" +
			"grant select on app.items to public;\n",
		"8_seed/app/items.sql":   "insert into app.items (name) values ('one'), ('two');\n",
		"tests/app/01_count.sql": suite(1),
	})
	cacheable(t, root)
	ctx := context.Background()
	write := func(rel, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(content), 0o644))
	}
	srv, err := testrun.StartCache(ctx, root)
	require.NoError(t, err)
	template := func() string {
		names, err := testrun.CachedTemplates(ctx, srv)
		require.NoError(t, err)
		require.Len(t, names, 1)
		return names[0]
	}
	slipIn := func() {
		tpl, err := pgx.Connect(ctx, srv.URL(template()))
		require.NoError(t, err)
		_, err = tpl.Exec(ctx, "insert into app.items (name) values ('slipped in')")
		require.NoError(t, err)
		require.NoError(t, tpl.Close(ctx))
		dropSpares(t, srv) // cloned from the template as it was
	}
	readCatalog := func(db string) *catalog.Catalog {
		conn, err := pgx.Connect(ctx, srv.URL(db))
		require.NoError(t, err)
		defer conn.Close(ctx)
		c, err := catalog.Read(ctx, conn)
		require.NoError(t, err)
		return c
	}

	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	first := template()

	// a function saved (and its suite): reloaded in place, the seeded rows
	// and the row slipped in kept, the new body seen
	slipIn()
	write("3_functions/app/answer.sql", fn(2))
	write("tests/app/01_count.sql", suite(2))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 1, code, "the slipped-in row is still there: no rebuild happened")
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.NotContains(t, out, "  rebuild ")
	require.Contains(t, out, "not ok 2 - the seeded items")
	require.Contains(t, out, "#         have: 3")
	require.Contains(t, out, "2 passed, 1 failed", "the saved body and the policy pass")
	reloaded := template()
	require.NotEqual(t, first, reloaded, "the new key is recorded")

	// a second run of the same files is a plain cache hit
	code, out = runTest(t, "--root", root)
	require.Equal(t, 1, code)
	require.Contains(t, out, "template cached (no SQL change)")
	require.Equal(t, reloaded, template())

	// the reloaded template equals a fresh build of the same files
	got := readCatalog(reloaded)
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "drop database "+pgx.Identifier{reloaded}.Sanitize())
	require.NoError(t, err)
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	require.Equal(t, reloaded, template(), "the same files, the same key")
	want := readCatalog(reloaded)
	require.Greater(t, len(want.Objects), 5)
	require.Empty(t, catalog.Diff(want, got, catalog.DiffOptions{}))

	// a table file whose comments and layout alone changed: the code is
	// reloaded in place, the row slipped in kept
	slipIn()
	write("0_tables/app/010_items.sql", "-- the items\ncreate table app.items (id bigint generated always as identity primary key, name text not null);\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 1, code, "the slipped-in row is still there: no rebuild happened")
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.NotContains(t, out, "  rebuild ")

	// a changed table file builds a new template from scratch: the row
	// slipped in is gone
	write("0_tables/app/010_items.sql", "create table app.items (\n    id bigint generated always as identity primary key,\n    name text not null\n);\ncomment on table app.items is 'changed';\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	require.NotContains(t, out, "reloaded")

	// a changed setup file too
	slipIn()
	write("3_functions/app/answer.sql", fn(3))
	write("tests/app/01_count.sql", suite(3))
	write("tests/setup/00_pgtap.sql", "-- changed\n"+mustRead(t, filepath.Join(root, "tests/setup/00_pgtap.sql")))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")

	// an error in a saved function is the file's, reported as a build
	// error, and the cached template stays as it was
	before := template()
	write("3_functions/app/answer.sql", "create function app.answer() returns int language sql stable return nonsense;\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 1, code)
	require.Contains(t, out, "0 passed, 1 failed")
	require.Equal(t, before, template())
}

// dropSpares drops the test databases runs kept for the next one.
func dropSpares(t *testing.T, srv testrun.Server) {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	rows, err := admin.Query(ctx, `select datname from pg_database where datname like 'thick\_spare\_%'`)
	require.NoError(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	for _, db := range names {
		_, err = admin.Exec(ctx, "drop database "+pgx.Identifier{db}.Sanitize())
		require.NoError(t, err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// A template is the day's: its seed writes dates relative to the day it
// ran, so the first run of a new day builds the template again (it neither
// clones nor reloads yesterday's), and yesterday's is dropped. Not
// parallel: it clears CI.
func TestTemplateCacheIsTheDays(t *testing.T) {
	t.Setenv("CI", "")
	root := tinyProject(t, map[string]string{
		"3_functions/app/answer.sql": "create function app.answer() returns int language sql stable return 1;\n",
		"8_seed/app/items.sql":       "insert into app.items (name) select 'seeded on ' || current_date;\n",
		"tests/app/01_today.sql": `begin;
select plan(1);
select is((select count(*)::int from app.items where name = 'seeded on ' || current_date), 1, 'the seed is today''s');
select * from finish();
rollback;
`,
	})
	cacheable(t, root)
	ctx := context.Background()

	srv, template := firstTemplate(t, root)
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	var today, yesterday string
	require.NoError(t, admin.QueryRow(ctx, "select to_char(current_date, 'YYYYMMDD'), to_char(current_date - 1, 'YYYYMMDD')").Scan(&today, &yesterday))
	require.True(t, strings.HasSuffix(template, "_"+today), template)

	// yesterday's template: its seed a day old, its name of that day
	tpl, err := pgx.Connect(ctx, srv.URL(template))
	require.NoError(t, err)
	_, err = tpl.Exec(ctx, `update thick.marker set seeded_at = seeded_at - interval '1 day';
		update app.items set name = 'seeded on ' || (current_date - 1) where name like 'seeded on %'`)
	require.NoError(t, err)
	require.NoError(t, tpl.Close(ctx))
	old := strings.TrimSuffix(template, today) + yesterday
	_, err = admin.Exec(ctx, fmt.Sprintf("alter database %s rename to %s", pgx.Identifier{template}.Sanitize(), pgx.Identifier{old}.Sanitize()))
	require.NoError(t, err)

	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code, "a template seeded yesterday is neither cloned nor reloaded")
	require.Contains(t, out, "  rebuild ")
	require.Contains(t, out, fmt.Sprintf("(the cached template's seed is of %s)", yesterday))
	require.NotContains(t, out, "reloaded")
	names, err := testrun.CachedTemplates(ctx, srv)
	require.NoError(t, err)
	require.Equal(t, []string{strings.TrimSuffix(old, yesterday) + today}, names, "yesterday's template is dropped")

	// and the next run of the day clones it
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "template cached (no SQL change)")
}

// A template is also its data's zones' day: past a midnight of a zone its
// data names (a time_zone column) since its seed ran, it is built again,
// though the server's date has not moved. Not parallel: it clears CI.
func TestTemplateCacheIsItsZonesDay(t *testing.T) {
	t.Setenv("CI", "")
	root := tinyProject(t, map[string]string{
		"0_tables/app/020_sites.sql": "create table app.sites (name text not null, time_zone text);\n",
		"8_seed/app/sites.sql":       "insert into app.sites values ('head office', 'UTC');\n",
		"tests/app/01_sites.sql": `begin;
select plan(1);
select is((select count(*)::int from app.sites), 1, 'one site');
select * from finish();
rollback;
`,
	})
	cacheable(t, root)
	ctx := context.Background()

	srv, template := firstTemplate(t, root)

	// the seed an hour old, the site in a zone where it is noon: an hour
	// ago was the same day there
	tpl, err := pgx.Connect(ctx, srv.URL(template))
	require.NoError(t, err)
	noon, justPast := pgtest.ZoneAtLocalHour(t, tpl, 12), pgtest.ZoneAtLocalHour(t, tpl, 0)
	_, err = tpl.Exec(ctx, "update thick.marker set seeded_at = now() - interval '1 hour'; update app.sites set time_zone = '"+noon+"'")
	require.NoError(t, err)
	require.NoError(t, tpl.Close(ctx))
	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "template cached (no SQL change)", "still the seed's day at the site")

	// the site in a zone whose midnight passed within the hour
	tpl, err = pgx.Connect(ctx, srv.URL(template))
	require.NoError(t, err)
	var seededThere string
	require.NoError(t, tpl.QueryRow(ctx, "update app.sites set time_zone = $1 returning ((select seeded_at from thick.marker) at time zone $1)::date::text", justPast).Scan(&seededThere))
	require.NoError(t, tpl.Close(ctx))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	require.Contains(t, out, fmt.Sprintf("(the cached template's seed is of %s in %s)", seededThere, justPast))

	// the new seed is of now: the next run clones it
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "template cached (no SQL change)")
}

// The spare: a run that leaves its database as it found it hands it to the
// next run of the same template (no clone), with its sequences set back
// (the third item gets id 3 on every run); a file that may commit behind
// the runner's back (dblink), a file that commits, or a changed template
// makes the next run clone again. Not parallel: it clears CI.
func TestTemplateCacheKeepsTheTestDatabase(t *testing.T) {
	t.Setenv("CI", "")
	// (and a hundred more rows, rolled back: dead rows past autovacuum's
	// threshold, which the kept database must not hold)
	const nextID = `begin;
select plan(2);
insert into app.items (name) values ('three');
select is((select max(id)::int from app.items), 3, 'the third item is number 3');
select is((select count(*)::int from app.items), 3, 'three items');
insert into app.items (name) select 'more' from generate_series(1, 100);
select * from finish();
rollback;
`
	answer := func(n int) string {
		return fmt.Sprintf("create function app.answer() returns int language sql stable return %d;\n", n)
	}
	asks := func(n int) string {
		return fmt.Sprintf("begin;\nselect plan(1);\nselect is(app.answer(), %d, 'the saved body');\nselect * from finish();\nrollback;\n", n)
	}
	root := tinyProject(t, map[string]string{
		"3_functions/app/answer.sql": answer(1),
		"tests/app/01_next.sql":      nextID,
		"tests/app/02_answer.sql":    asks(1),
	})
	cacheable(t, root)
	ctx := context.Background()
	srv, err := testrun.StartCache(ctx, root)
	require.NoError(t, err)
	databases := func() []string { return thickDatabases(t, srv) }
	write := func(rel, content string) { writeFile(t, root, rel, content) }

	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  clone ")
	left := databases()
	require.Len(t, left, 2)
	require.True(t, strings.HasPrefix(left[0], "thick_spare_"), left)
	require.True(t, strings.HasPrefix(left[1], "thick_tpl_"), left)
	require.Equal(t, strings.TrimPrefix(left[0], "thick_spare_"), strings.TrimPrefix(left[1], "thick_tpl_"), "the spare is the template's")

	// the rolled-back inserts' dead rows are vacuumed before the database is kept
	deadRows := func() (dead, vacuums int64) {
		conn, err := pgx.Connect(ctx, srv.URL(left[0]))
		require.NoError(t, err)
		defer conn.Close(ctx)
		require.NoError(t, conn.QueryRow(ctx, `select n_dead_tup, vacuum_count from pg_stat_user_tables
			where schemaname = 'app' and relname = 'items'`).Scan(&dead, &vacuums))
		return dead, vacuums
	}
	// (behind the run: its vacuum session ends when the vacuum has)
	require.Eventually(t, func() bool {
		admin, err := pgx.Connect(ctx, srv.URL("postgres"))
		require.NoError(t, err)
		defer admin.Close(ctx)
		var n int
		require.NoError(t, admin.QueryRow(ctx, "select count(*)::int from pg_stat_activity where datname = $1", left[0]).Scan(&n))
		return n == 0
	}, 10*time.Second, 5*time.Millisecond, "the vacuum behind the run ends")
	dead, vacuums := deadRows()
	require.Zero(t, dead, "the kept database holds no dead row")
	require.Positive(t, vacuums, "app.items, where a file inserted and rolled back, was vacuumed")

	for range 2 {
		code, out = runTest(t, "--root", root)
		require.Equal(t, 0, code, "the sequence was set back")
		require.Contains(t, out, "  test database of the last run ")
		require.NotContains(t, out, "  clone ")
		require.Equal(t, left, databases())
	}

	// a saved function: the template's code is reloaded in place, and the
	// kept database's beside it, so the run still takes it
	write("3_functions/app/answer.sql", answer(2))
	write("tests/app/02_answer.sql", asks(2))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code, "the kept database has the new body")
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.Contains(t, out, "  test database of the last run ")
	left = databases()
	require.Len(t, left, 2)
	require.Equal(t, strings.TrimPrefix(left[0], "thick_spare_"), strings.TrimPrefix(left[1], "thick_tpl_"))

	// a file that may write through a connection of its own: not kept
	write("tests/app/03_other.sql", "begin;\nselect plan(1);\n-- select dblink_exec('...') would commit behind the runner's back\nselect pass('x');\nselect * from finish();\nrollback;\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ")
	require.Equal(t, left[1:], databases(), "the database was dropped")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  clone ")
	require.NoError(t, os.Remove(filepath.Join(root, "tests/app/03_other.sql")))
	code, _ = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Equal(t, left, databases())

	// an alone file that opens a second session: kept when nothing of the
	// file's window committed; when the second session committed, not kept,
	// and the next run (01_next counts the items) has no trace of it
	write("tests/app/03_second.sql", secondSession("rollback"))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ")
	require.Equal(t, left, databases(), "nothing committed: kept")
	write("tests/app/03_second.sql", secondSession("commit"))
	code, out = runTest(t, "--root", root, filepath.Join(root, "tests/app/03_second.sql"))
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ")
	require.Equal(t, left[1:], databases(), "the second session committed: dropped")
	require.NoError(t, os.Remove(filepath.Join(root, "tests/app/03_second.sql")))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code, "no trace of the committed item")
	require.Contains(t, out, "  clone ")
	require.Equal(t, left, databases())

	// a file that commits: not kept, and the next run has no trace of it
	write("tests/app/03_commits.sql", "insert into app.items (name) values ('committed');\ncommit;\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 1, code)
	require.Contains(t, out, "committed the file's transaction")
	require.Equal(t, left[1:], databases())
	require.NoError(t, os.Remove(filepath.Join(root, "tests/app/03_commits.sql")))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  clone ")

	// a new template: the old spare is dropped, the new one kept
	f := filepath.Join(root, "0_tables", "app", "010_items.sql")
	write("0_tables/app/010_items.sql", mustRead(t, f)+"comment on table app.items is 'changed';\n")
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  rebuild ")
	now := databases()
	require.Len(t, now, 2)
	require.NotEqual(t, left, now)
	require.Equal(t, strings.TrimPrefix(now[0], "thick_spare_"), strings.TrimPrefix(now[1], "thick_tpl_"))
}

// openSecond begins an alone test file that opens a dblink connection
// called second to its own database.
const openSecond = `-- thick: alone
begin;
create extension dblink;
select dblink_connect('second', format('host=%s port=%s dbname=%s user=%s',
    quote_literal(split_part(current_setting('unix_socket_directories'), ',', 1)),
    current_setting('port'), quote_literal(current_database()), quote_literal(current_user)));
`

// secondSession is an alone test file that inserts an item (number 100: the
// sequence untouched) through a dblink connection of its own to its
// database, then ends that connection's transaction with end (commit or
// rollback).
func secondSession(end string) string {
	return openSecond + `select dblink_exec('second', 'begin');
select dblink_exec('second', $$insert into app.items (id, name) overriding system value values (100, 'second')$$);
select dblink_exec('second', '` + end + `');
select dblink_disconnect('second');
select plan(1);
select pass('the second session ended');
select * from finish();
rollback;
`
}

// An alone file's session goes on to the worker's next file when the
// file's own sessions have left (it closed its second session): both
// files print their server process; one that leaves its second session
// open has its session closed, which ends that one, and the next file
// starts on a new session with no dblink connection. The database is kept
// both times (nothing committed). Not parallel: it clears CI.
func TestAloneFileSessionKept(t *testing.T) {
	t.Setenv("CI", "")
	second := func(disconnect bool) string {
		end := "select dblink_disconnect('second');\n"
		if !disconnect {
			end = ""
		}
		return openSecond + `select dblink_exec('second', 'set application_name = second');
` + end + `select plan(1);
select diag('process ' || pg_backend_pid());
select pass('a second session');
select * from finish();
rollback;
`
	}
	// (a session ended leaves within milliseconds: looked for up to 5 s)
	const after = `-- thick: alone
begin;
select plan(1);
select diag('process ' || pg_backend_pid());
create function pg_temp.others_leave(seconds int) returns boolean language plpgsql as $$
begin
    for i in 1 .. seconds * 100 loop
        perform pg_catalog.pg_stat_clear_snapshot();
        if not exists (select from pg_catalog.pg_stat_activity
                       where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend') then
            return true;
        end if;
        perform pg_catalog.pg_sleep(0.01);
    end loop;
    return false;
end
$$;
select ok(pg_temp.others_leave(5), 'no session of the file before is left');
select * from finish();
rollback;
`
	root := tinyProject(t, map[string]string{"tests/app/01_second.sql": second(true), "tests/app/02_after.sql": after})
	cacheable(t, root)
	write := func(rel, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(content), 0o644))
	}
	processes := regexp.MustCompile(`# process (\d+)`)
	run := func() []string {
		t.Helper()
		code, out := runTest(t, "--root", root, "-j", "1", "-v")
		require.Equal(t, 0, code)
		var pids []string
		for _, m := range processes.FindAllStringSubmatch(out, -1) {
			pids = append(pids, m[1])
		}
		require.Len(t, pids, 2, out)
		return pids
	}
	run() // builds the template
	pids := run()
	require.Equal(t, pids[0], pids[1], "the second session closed: the session goes on to the next file")

	write("tests/app/01_second.sql", second(false))
	pids = run()
	require.NotEqual(t, pids[0], pids[1], "the second session left open: the session is closed")
	code, out := runTest(t, "--root", root, "-j", "1")
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ", "nothing committed: kept")
}

// secondSetup defines, in tests/setup, a function that inserts an item
// (number 100) through a dblink connection of its own and ends that
// connection's transaction with finish, and a wrapper whose body names no
// dblink function.
const secondSetup = `create extension if not exists dblink;
create function public.second_session_insert(finish text) returns void language plpgsql as $$
begin
    perform dblink_connect('second', format('host=%s port=%s dbname=%s user=%s',
        quote_literal(split_part(current_setting('unix_socket_directories'), ',', 1)),
        current_setting('port'), quote_literal(current_database()), quote_literal(current_user)));
    perform dblink_exec('second', 'begin');
    perform dblink_exec('second', $q$insert into app.items (id, name) overriding system value values (100, 'second')$q$);
    perform dblink_exec('second', finish);
    perform dblink_disconnect('second');
end
$$;
create function public.via_second(finish text) returns void language sql as $$
    select public.second_session_insert(finish)
$$;
`

// A file that writes through a connection of its own only by calling a
// function of tests/setup (through another) is seen too: when that
// connection committed, the test database is not kept, and the next run
// has no trace of the row. Not parallel: it clears CI.
func TestTemplateCacheSeesConnectionsOfSetupFunctions(t *testing.T) {
	t.Setenv("CI", "")
	root := tinyProject(t, map[string]string{
		"tests/setup/010_second.sql": secondSetup,
		"tests/app/01_two.sql":       countTwo,
	})
	cacheable(t, root)
	write := func(rel, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(content), 0o644))
	}
	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ")

	via := func(finish string) string {
		return "-- thick: alone\nbegin;\nselect plan(1);\nselect public.via_second('" + finish + "');\nselect pass('the wrapper ran');\nselect * from finish();\nrollback;\n"
	}
	write("tests/app/02_via.sql", via("rollback"))
	code, _ = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ", "nothing committed: kept")

	write("tests/app/02_via.sql", via("commit"))
	code, _ = runTest(t, "--root", root, filepath.Join(root, "tests/app/02_via.sql"))
	require.Equal(t, 0, code)
	require.NoError(t, os.Remove(filepath.Join(root, "tests/app/02_via.sql")))
	code, out = runTest(t, "--root", root)
	require.Equal(t, 0, code, "no trace of the committed item: two items")
	require.Contains(t, out, "  clone ")
}

// The cache server runs without autovacuum, which thick's own vacuums
// replace (an analyze committed during an alone file cost the next run a
// clone), also when an earlier thick started it with autovacuum on; the
// template is vacuumed and analyzed once built. Not parallel: it clears CI.
func TestCacheServerVacuumsItself(t *testing.T) {
	t.Setenv("CI", "")
	root := tinyProject(t, map[string]string{"tests/app/01_count.sql": countTwo})
	cacheable(t, root)
	ctx := context.Background()
	srv, tpl := firstTemplate(t, root)
	require.Contains(t, mustRun(t, root), "  test database of the last run ")
	query := func(db, sql string) string {
		conn, err := pgx.Connect(ctx, srv.URL(db))
		require.NoError(t, err)
		defer conn.Close(ctx)
		var v string
		require.NoError(t, conn.QueryRow(ctx, sql).Scan(&v))
		return v
	}
	autovacuum := func() string { return query("postgres", "select current_setting('autovacuum')") }
	require.Equal(t, "off", autovacuum())
	require.Equal(t, "true", query(tpl, `select bool_and(last_analyze is not null and last_vacuum is not null)::text
		from pg_stat_user_tables where schemaname = 'app'`), "the template's tables are vacuumed and analyzed")

	// an earlier thick's configuration: autovacuum on
	conf := filepath.Join(testrun.CacheDir(root), "data", "thick.conf")
	before := mustRead(t, conf)
	require.Contains(t, before, "autovacuum = off\n")
	require.NoError(t, os.WriteFile(conf, []byte(strings.Replace(before, "autovacuum = off\n", "", 1)), 0o644))
	query("postgres", "select pg_reload_conf()::text")
	waitFor := func(want string) {
		deadline := time.Now().Add(10 * time.Second)
		for autovacuum() != want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		require.Equal(t, want, autovacuum())
	}
	waitFor("on")
	mustRun(t, root)
	waitFor("off")
	require.Equal(t, before, mustRead(t, conf))
}

// mustRun runs thick test on root, which must pass, and returns its output.
func mustRun(t *testing.T, root string) string {
	t.Helper()
	code, out := runTest(t, "--root", root)
	require.Equal(t, 0, code)
	return out
}

// A watch keeps the test database and the files' sessions from one run to
// the next (testrun.Kept): the next run's files run on the same server
// process, on the database under the run's own name, its sequences set
// back; a saved function is reloaded in place there beside the template,
// and the kept session runs the new body; Release leaves the database as
// the spare, which a thick test of its own takes; a file that commits ends
// the keeping. Not parallel: it clears CI.
func TestKeptBetweenRuns(t *testing.T) {
	t.Setenv("CI", "")
	answer := func(n int) string {
		return fmt.Sprintf("create function app.answer() returns int language sql stable return %d;\n", n)
	}
	suite := func(n int) string {
		return fmt.Sprintf(`begin;
select plan(2);
select diag('pid ' || pg_backend_pid());
insert into app.items (name) values ('three');
select is((select max(id)::int from app.items), 3, 'the third item is number 3');
select is(app.answer(), %d, 'the saved body');
select * from finish();
rollback;
`, n)
	}
	other := func(n int) string {
		return fmt.Sprintf("create function app.other() returns int language sql stable return %d;\n", n)
	}
	root := tinyProject(t, map[string]string{
		"3_functions/app/answer.sql": answer(1),
		"3_functions/app/other.sql":  other(1),
		"tests/app/01_pid.sql":       suite(1),
	})
	cacheable(t, root)
	ctx := context.Background()
	kept := testrun.NewKept()
	run := func() (int, string) {
		var out, errb bytes.Buffer
		code := testrun.CommandKept(ctx, []string{"--root", root, "-v"}, &out, &errb, kept)
		t.Log(out.String(), errb.String())
		return code, out.String()
	}
	pid := func(out string) string {
		m := regexp.MustCompile(`# pid (\d+)`).FindStringSubmatch(out)
		require.NotNil(t, m, out)
		return m[1]
	}
	srv, err := testrun.StartCache(ctx, root)
	require.NoError(t, err)
	databases := func() []string { return thickDatabases(t, srv) }
	write := func(rel, content string) { writeFile(t, root, rel, content) }
	own := fmt.Sprintf("thick_p%d_test", os.Getpid())

	code, out := run()
	require.Equal(t, 0, code)
	first := pid(out)
	left := databases()
	require.Len(t, left, 2)
	require.Equal(t, own, left[0], "kept under the run's name, not as the spare")
	require.True(t, strings.HasPrefix(left[1], "thick_tpl_"), left)

	// the runs' admin connection to the server's postgres database is kept
	// too (the only client session there besides this test's own)
	admins := func() []int32 {
		c, err := pgx.Connect(ctx, srv.URL("postgres"))
		require.NoError(t, err)
		defer c.Close(ctx)
		rows, err := c.Query(ctx, `select pid from pg_stat_activity
			where datname = 'postgres' and backend_type = 'client backend' and pid <> pg_backend_pid() order by 1`)
		require.NoError(t, err)
		pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		require.NoError(t, err)
		return pids
	}
	adminPIDs := admins()
	require.Len(t, adminPIDs, 1, "the run's admin connection, kept")

	code, out = run()
	require.Equal(t, 0, code, "the sequence was set back")
	require.Contains(t, out, "  test database of the last run ")
	require.Equal(t, first, pid(out), "the same session")
	require.Equal(t, adminPIDs, admins(), "the same admin connection")

	// a saved function: the kept database's code is reloaded in place on
	// its session, the template's after the suites, or before a file's
	// clone needs it (a commit file asks for the saved body there)
	oldTemplate := left[1]
	write("3_functions/app/answer.sql", answer(2))
	write("tests/app/01_pid.sql", suite(2))
	write("tests/app/02_commit.sql", "-- thick: commit\nselect plan(1);\nselect is(app.answer(), 2, 'the clone has the saved body');\nselect * from finish();\n")
	code, out = run()
	require.Equal(t, 0, code, "the kept session and the clone run the saved body")
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.Contains(t, out, "(the template's after the suites)")
	require.Equal(t, first, pid(out), "the same session after the reload")
	left = databases()
	require.Len(t, left, 2)
	require.Equal(t, own, left[0])
	require.True(t, strings.HasPrefix(left[1], "thick_tpl_"), left)
	require.NotEqual(t, oldTemplate, left[1], "the template is the saved tree's")
	require.NoError(t, os.Remove(filepath.Join(root, "tests", "app", "02_commit.sql")))
	// and saved again, with no file that clones: the template is brought
	// up to date after the suites all the same
	write("3_functions/app/answer.sql", answer(3))
	write("tests/app/01_pid.sql", suite(3))
	code, out = run()
	require.Equal(t, 0, code)
	require.Equal(t, first, pid(out))
	tplAfter := databases()[1]
	require.NotEqual(t, left[1], tplAfter)
	// another function file saved: its reload draws the object map's
	// sequence again, which the run set back to what the last reload left
	write("3_functions/app/other.sql", other(2))
	code, out = run()
	require.Equal(t, 0, code, "a second file's reload on the kept database")
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.Equal(t, first, pid(out))
	write("3_functions/app/other.sql", other(1))
	code, _ = run()
	require.Equal(t, 0, code)
	tplAfter = databases()[1]
	// a comment between statements: a new key, nothing to reload (the
	// functions keep their oids)
	otherOID := func(db string) (oid uint32) {
		c, err := pgx.Connect(ctx, srv.URL(db))
		require.NoError(t, err)
		defer c.Close(ctx)
		require.NoError(t, c.QueryRow(ctx, "select 'app.other()'::regprocedure::oid").Scan(&oid))
		return oid
	}
	before := otherOID(tplAfter)
	items, err := os.ReadFile(filepath.Join(root, "0_tables", "app", "010_items.sql"))
	require.NoError(t, err)
	write("0_tables/app/010_items.sql", "-- a comment of no consequence\n"+string(items))
	code, out = run()
	require.Equal(t, 0, code)
	require.Contains(t, out, "template cached, code reloaded in place ")
	require.Equal(t, first, pid(out))
	require.NotEqual(t, tplAfter, databases()[1], "the template under the new key")
	require.Equal(t, before, otherOID(databases()[1]), "nothing dropped and made again")
	tplAfter = databases()[1]
	tpl, err := pgx.Connect(ctx, srv.URL(tplAfter))
	require.NoError(t, err)
	var n int
	require.NoError(t, tpl.QueryRow(ctx, "select app.answer()").Scan(&n))
	require.NoError(t, tpl.Close(ctx))
	require.Equal(t, 3, n, "the template has the saved body")

	// the template dropped by hand (no template to reload, a build from
	// scratch): what was kept is dropped too, not in the way of the clone
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "drop database "+pgx.Identifier{tplAfter}.Sanitize())
	require.NoError(t, err)
	require.NoError(t, admin.Close(ctx))
	code, out = run()
	require.Equal(t, 0, code, "built again and cloned")
	require.Contains(t, out, "  clone ")
	require.NotEqual(t, first, pid(out))
	code, out = run()
	require.Equal(t, 0, code)
	first = pid(out)
	require.Contains(t, out, "  test database of the last run ", "kept again")

	kept.Release(ctx)
	require.Eventually(t, func() bool { return len(admins()) == 0 }, 5*time.Second, 10*time.Millisecond,
		"the admin connection closed with the watch")
	left = databases()
	require.Len(t, left, 2)
	require.True(t, strings.HasPrefix(left[0], "thick_spare_"), left)
	require.Equal(t, strings.TrimPrefix(left[0], "thick_spare_"), strings.TrimPrefix(left[1], "thick_tpl_"), "the spare is the template's")
	code, out = runTest(t, "--root", root, "-v")
	require.Equal(t, 0, code)
	require.Contains(t, out, "  test database of the last run ", "a run of its own takes the released database")
	require.NotEqual(t, first, pid(out))

	// a file that commits: nothing is kept, the next run clones
	code, out = run()
	require.Equal(t, 0, code)
	write("tests/app/02_commits.sql", "begin;\nselect plan(1);\nselect ok(true, 'then commits');\ncommit;\n")
	code, _ = run()
	require.Equal(t, 1, code)
	for _, db := range databases() {
		require.NotEqual(t, own, db, "not kept after a commit")
	}
	require.NoError(t, os.Remove(filepath.Join(root, "tests", "app", "02_commits.sql")))
	code, out = run()
	require.Equal(t, 0, code)
	require.Contains(t, out, "  clone ")
	kept.Release(ctx)
}

// On the cache server (where a file runs alone), a second session an
// alone file leaves idle outside a transaction (as
// tests.close_second_session keeps it) waits for the next file of the
// worker's session; one left in a transaction ends the worker's session,
// and the next file starts on a new one.
func TestCommandKeepsIdleHelperSessions(t *testing.T) {
	t.Setenv("CI", "")
	open := func(leave string) string {
		return `-- thick: alone
begin;
select plan(1);
select tap.dblink_connect('helper', pg_catalog.format('host=%s port=%s dbname=%s user=%s application_name=%s',
    '''' || pg_catalog.split_part(pg_catalog.current_setting('unix_socket_directories'), ',', 1) || '''',
    pg_catalog.current_setting('port'), pg_catalog.current_database(), current_user, '''tests helper'''));
select tap.dblink_exec('helper', '` + leave + `');
select ok(true, 'opened');
select diag('tcache ' || 'pg_temp.__tcache__'::regclass::oid || ' pid ' || pg_backend_pid());
rollback;
`
	}
	check := `-- thick: alone
begin;
select plan(1);
select ok('helper' = any (coalesce(tap.dblink_get_connections(), '{}')), 'the helper session is there');
select diag('tcache ' || 'pg_temp.__tcache__'::regclass::oid || ' pid ' || pg_backend_pid());
rollback;
`
	for _, c := range []struct {
		leave  string
		passed string
	}{
		{"reset all", "\n2 passed, 0 failed\n"},
		{"begin", "\n1 passed, 1 failed\n"},
	} {
		root := tinyProject(t, map[string]string{
			"tests/setup/01_dblink.sql": "create extension if not exists dblink with schema tap;\n",
			"tests/app/01_open.sql":     open(c.leave),
			"tests/app/02_check.sql":    check,
		})
		cacheable(t, root)
		var out, errb bytes.Buffer
		testrun.Command(context.Background(), []string{"--root", root, "-j", "1", "-v"}, &out, &errb)
		o := out.String()
		t.Log(o, errb.String())
		require.True(t, strings.HasSuffix(o, c.passed), c.leave)
		// the alone files' session keeps the tables pgTAP made once (it is
		// not emptied of its temporary tables for an alone file's window)
		tcache := regexp.MustCompile(`# tcache (\d+ pid \d+)`).FindAllStringSubmatch(o, -1)
		require.GreaterOrEqual(t, len(tcache), 2)
		if c.leave == "reset all" {
			require.Equal(t, tcache[0][1], tcache[1][1], "the same session, its pgTAP tables as they were")
		} else {
			require.NotEqual(t, tcache[0][1], tcache[1][1], "a new session")
		}
	}
}

// The project's second-session helpers (tests/setup/040_row_locks.sql):
// a connection closed with tests.close_second_session is taken again by
// the next tests.open_second_session of its name, and one that died is
// replaced by a new one. (tests/crm/24_second_session.sql proves the
// rest on the project's own database; this costs its suites no new
// server process.)
func TestSecondSessionHelpers(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../../tests/setup/040_row_locks.sql")
	require.NoError(t, err)
	var helpers []string
	for _, st := range sqlsplit.Split(string(b)) {
		for _, name := range []string{"tests.conninfo_value(", "tests.open_second_session(", "tests.close_second_session("} {
			if strings.Contains(st.SQL, "create function "+name) {
				helpers = append(helpers, st.SQL+";")
			}
		}
	}
	require.Len(t, helpers, 3)
	pid := `(select r.pid from tap.dblink('probe', 'select pg_catalog.pg_backend_pid()') as r (pid int))`
	root := tinyProject(t, map[string]string{
		"tests/setup/01_helpers.sql": "create extension if not exists dblink with schema tap;\ncreate schema tests;\n" +
			strings.Join(helpers, "\n") + "\n",
		"tests/app/01_reuse.sql": `begin;
select plan(3);
select tests.open_second_session('probe');
select set_config('t.pid', ` + pid + `::text, true);
select tests.close_second_session('probe');
select tests.open_second_session('probe');
select is(` + pid + `::text, current_setting('t.pid'), 'a closed connection is taken again');
select tests.close_second_session('probe');
select pg_catalog.pg_terminate_backend(current_setting('t.pid')::int, 5000);
select tests.open_second_session('probe');
select isnt(` + pid + `::text, current_setting('t.pid'), 'one that died is replaced');
select is((select r.db from tap.dblink('probe', 'select pg_catalog.current_database()') as r (db name)), current_database(),
          'by a new one on this database');
select * from finish();
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-v"}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 0, code)
	require.True(t, strings.HasSuffix(out.String(), "\n3 passed, 0 failed\n"))
}
