package testrun_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgdocker"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// tinyProject writes a project with one table, pgTAP in schema tap, and the
// given test files.
func tinyProject(t *testing.T, tests map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"0_tables/app/000_schema.sql": "create schema app;\n",
		"0_tables/app/010_items.sql": `create table app.items (
    id bigint generated always as identity primary key,
    name text not null
);
insert into app.items (name) values ('one'), ('two');
`,
		"tests/setup/00_pgtap.sql": `create schema if not exists tap;
create extension if not exists pgtap with schema tap;
do $$
begin
    execute pg_catalog.format('alter database %I set search_path = tap, public', current_database());
end
$$;
`,
	}
	for k, v := range tests {
		files[k] = v
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

const passing = `begin;
select plan(2);
select has_table('app', 'items', 'items exists');
select is((select count(*)::int from app.items), 2, 'two items');
select * from finish();
rollback;
`

// failing: assertion 2 (line 5) fails, and the plan promises one more.
const failing = `begin;
select plan(3);
select ok(true, 'fine');

select is((select count(*)::int from app.items), 3, 'three items');
select * from finish();
rollback;
`

// broken raises an SQL error on line 4 after one assertion.
const broken = `begin;
select plan(3);
select ok(true, 'before the error');
select no_such_column from app.items;
select ok(true, 'never runs');
rollback;
`

// committing writes and commits in a database of its own.
const committing = `-- thick: commit
insert into app.items (name) values ('three');
select plan(1);
select is((select count(*)::int from app.items), 3, 'its own database sees the commit');
select * from finish();
`

func TestCommandLocal(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql":    passing,
		"tests/app/02_fail.sql":    failing,
		"tests/app/03_broken.sql":  broken,
		"tests/app/04_commit.sql":  committing,
		"tests/app/05_after.sql":   passing, // the commit did not leak into thick_test
		"tests/app/06_nobegin.sql": "select plan(1);\ninsert into app.items (name) values ('x');\nselect ok(true, 'no begin');\n",
		"tests/app/07_after.sql":   passing, // nor the insert of a file without begin
	})
	junit := filepath.Join(t.TempDir(), "junit.xml")
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "3", "--junit", junit}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)

	require.Regexp(t, `(?m)^ok\s+tests/app/01_pass.sql  2 assertions  \d+ms$`, o)
	require.Regexp(t, `(?m)^FAILED tests/app/02_fail.sql  1/3 passed`, o)
	require.Contains(t, o, "not ok 2 - three items\n    at tests/app/02_fail.sql:5\n")
	require.Contains(t, o, "#         have: 2")
	require.Contains(t, o, "planned 3 assertions but ran 2")
	require.Regexp(t, `(?m)^FAILED tests/app/03_broken.sql  1/3 passed`, o)
	require.Contains(t, o, "tests/app/03_broken.sql:4:8: ERROR 42703: column \"no_such_column\" does not exist")
	require.Regexp(t, `(?m)^ok\s+tests/app/04_commit.sql  1 assertion `, o)
	require.Regexp(t, `(?m)^ok\s+tests/app/05_after.sql  2 assertions `, o)

	require.Regexp(t, `(?m)^ok\s+tests/app/07_after.sql  2 assertions `, o)

	// passed: 2 + 1 + 1 + 1 + 2 + 1 + 2; failed: 02 (1 failed + 1 missing), 03 (2 missing)
	lines := strings.Split(strings.TrimRight(o, "\n"), "\n")
	require.Equal(t, "10 passed, 4 failed", lines[len(lines)-1])
	require.Equal(t, 1, strings.Count(o, " passed, "))

	x, err := os.ReadFile(junit)
	require.NoError(t, err)
	require.Contains(t, string(x), `<testsuite name="tests/app/02_fail.sql" tests="3" failures="2"`)
	require.Contains(t, string(x), `<testcase name="2 - three items" classname="tests/app/02_fail.sql" file="tests/app/02_fail.sql" line="5">`)
	require.Contains(t, string(x), `<testcase name="3 - not run" classname="tests/app/02_fail.sql"`)
	require.Contains(t, string(x), `<testsuite name="tests/app/03_broken.sql" tests="4" failures="2" errors="1"`)
}

func TestCommandPassesAndFilters(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql": passing,
		"tests/app/02_fail.sql": failing,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "--run", "pass", "-v"}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 0, code)
	require.NotContains(t, out.String(), "02_fail")
	require.Contains(t, out.String(), "    ok 2 - two items\n") // -v prints the TAP
	require.True(t, strings.HasSuffix(out.String(), "\n2 passed, 0 failed\n"))
}

func TestCommandNoTests(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, nil)
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local"}, &out, &errb)
	require.Equal(t, 1, code)
	require.Equal(t, "0 passed, 0 failed\n", out.String())
	require.Contains(t, errb.String(), "no test files")
}

func TestCommandGivenURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := testrun.StartServer(ctx, "local", nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Stop(ctx)) })
	root := tinyProject(t, map[string]string{"tests/app/01_pass.sql": passing})

	var out, errb bytes.Buffer
	code := testrun.Command(ctx, []string{"--root", root, "--pg", srv.URL("postgres")}, &out, &errb)
	require.Equal(t, 1, code)
	require.Contains(t, errb.String(), "has no thick marker")

	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "create database dev")
	require.NoError(t, err)
	dev, err := pgx.Connect(ctx, srv.URL("dev"))
	require.NoError(t, err)
	require.NoError(t, marker.Set(ctx, dev, marker.Development))
	require.NoError(t, dev.Close(ctx))

	out.Reset()
	errb.Reset()
	code = testrun.Command(ctx, []string{"--root", root, "--pg", srv.URL("dev")}, &out, &errb)
	require.Equal(t, 0, code, out.String()+errb.String())
	require.True(t, strings.HasSuffix(out.String(), "\n2 passed, 0 failed\n"))
	var left int
	require.NoError(t, admin.QueryRow(ctx, "select count(*) from pg_database where datname like 'thick_%'").Scan(&left))
	require.Zero(t, left, "the run drops its databases on a given server")
}

func TestCommandDocker(t *testing.T) {
	t.Parallel()
	if _, err := pgdocker.Available(context.Background()); err != nil {
		t.Skip("no Docker engine: " + err.Error())
	}
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql": passing,
		"tests/app/02_fail.sql": failing,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "docker"}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 1, code)
	require.Contains(t, out.String(), "postgres: docker ")
	require.True(t, strings.HasSuffix(out.String(), "\n3 passed, 2 failed\n"))
}

// TestLocalServerRemoved checks that a temporary cluster's directory is gone
// after Stop, and after a run cancelled midway (Ctrl-C).
func TestLocalServerRemoved(t *testing.T) {
	tmp := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(tmp), 0o755))
	require.NoError(t, os.Chmod(tmp, 0o755))
	t.Setenv("TMPDIR", tmp)
	leftovers := func() []string {
		m, err := filepath.Glob(filepath.Join(tmp, "thick-pg-*"))
		require.NoError(t, err)
		return m
	}
	ctx := context.Background()
	srv, err := testrun.StartServer(ctx, "local", nil)
	require.NoError(t, err)
	require.Len(t, leftovers(), 1)
	require.NoError(t, srv.Stop(ctx))
	require.Empty(t, leftovers())

	root := tinyProject(t, map[string]string{
		"tests/app/01_slow.sql": "begin;\nselect plan(1);\nselect pg_sleep(60);\nselect ok(true);\nrollback;\n",
	})
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan int)
	var out, errb syncBuffer
	go func() {
		done <- testrun.Command(cctx, []string{"--root", root, "--pg", "local"}, &out, &errb)
	}()
	started := regexp.MustCompile(`postgres: local`)
	deadline := time.Now().Add(60 * time.Second)
	for !started.MatchString(out.String()) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	require.Len(t, leftovers(), 1)
	cancel()
	select {
	case code := <-done:
		require.Equal(t, 130, code)
	case <-time.After(60 * time.Second):
		t.Fatal("thick test did not stop after cancellation")
	}
	require.Empty(t, leftovers())
}

// syncBuffer is a buffer safe to read while the runner writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCommandSetupError(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql":  passing,
		"tests/setup/10_bad.sql": "-- a helper\nselect 1;\nselect * from app.nothing_here;\n",
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local"}, &out, &errb)
	require.Equal(t, 1, code)
	require.Contains(t, errb.String(), "tests/setup/10_bad.sql:3:15: ERROR 42P01: relation \"app.nothing_here\" does not exist")
	require.True(t, strings.HasSuffix(out.String(), "0 passed, 1 failed\n"), out.String())
}

// deadlockingFiles are two files that lock rows 1 and 2 of app.items in
// opposite orders, a second apart; second takes the second row (its %d is
// the row) and asserts.
func deadlockingFiles(second string) map[string]string {
	lockBoth := func(first, then int) string {
		return fmt.Sprintf("begin;\nselect plan(1);\nupdate app.items set name = name where id = %d;\nselect pg_sleep(1);\n", first) +
			fmt.Sprintf(second, then) + "\nselect * from finish();\nrollback;\n"
	}
	return map[string]string{
		"tests/app/01_forward.sql":  lockBoth(1, 2),
		"tests/app/02_backward.sql": lockBoth(2, 1),
	}
}

// Two files that lock the same rows in opposite orders: the server aborts one
// with a deadlock (40P01); the runner runs it again and both pass. Also when
// an assertion caught the deadlock (lives_ok around the second lock): the
// file does not end with an error but with a failed assertion that shows
// 40P01, and the runner runs it again all the same.
func TestCommandRetriesDeadlockedFile(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, secondLock string }{
		{"uncaught", `update app.items set name = name where id = %d;
select ok(true, 'locked both rows');`},
		{"caught by an assertion", `select lives_ok($$update app.items set name = name where id = %d$$, 'locked both rows');`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := tinyProject(t, deadlockingFiles(c.secondLock))
			var out, errb bytes.Buffer
			code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "2"}, &out, &errb)
			o := out.String()
			t.Log(o, errb.String())
			require.Equal(t, 0, code)
			require.Contains(t, o, "(run 2 times: deadlock with another file)")
			require.True(t, strings.HasSuffix(o, "\n2 passed, 0 failed\n"))
		})
	}
}

// A failed assertion that caught another error is the suite's own failure:
// it is not run again.
func TestCommandDoesNotRetryOtherCaughtErrors(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_wrong.sql": `begin;
select plan(1);
select lives_ok($$select 1/0$$, 'divides');
select * from finish();
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)
	require.NotContains(t, o, "run 2 times")
	require.True(t, strings.HasSuffix(o, "\n0 passed, 1 failed\n"))
}

// A file marked `-- thick: alone` runs while no other file does, even with
// -j 2 and files of other groups waiting.
func TestCommandAloneFileRunsAlone(t *testing.T) {
	t.Parallel()
	slow := "begin;\nselect plan(1);\nselect pg_sleep(0.5);\nselect pass('slow');\nselect * from finish();\nrollback;\n"
	root := tinyProject(t, map[string]string{
		"tests/a/01_alone.sql": `-- thick: alone
begin;
select plan(1);
select pg_sleep(0.3);
select is((select count(*)::int from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'), 0,
          'no other file runs');
select * from finish();
rollback;
`,
		"tests/b/02_slow.sql": slow,
		"tests/c/03_slow.sql": slow,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "2"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.True(t, strings.HasSuffix(o, "\n3 passed, 0 failed\n"))
}

// Files run one after the other on a connection find pgTAP's session tables
// already made (primeTAP), empty, and numbered from 1 again: the second
// file's assertions are 1 and 2, its plan is its own. A file whose plan()
// calls pgTAP qualified (tap not on the search path, so the priming fails)
// A file that puts pgTAP on its search path itself (so the priming, before
// it, fails) creates them in its own transaction, as under pg_prove, run
// after run.
func TestCommandPrimesPgTAP(t *testing.T) {
	t.Parallel()
	primed := `begin;
select set_config('t.primed', (pg_catalog.to_regclass('pg_temp.__tcache__') is not null)::text, true);
select plan(2);
select is(current_setting('t.primed'), 'true', 'pgTAP''s table was there before the plan');
select is((select count(*)::int from pg_temp.__tcache__ where label = 'plan'), 1, 'one plan: this file''s');
select * from finish();
rollback;
`
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql":    passing,
		"tests/app/02_primed.sql":  primed,
		"tests/app/03_nobegin.sql": "select plan(1);\nselect ok(true, 'no begin');\n",
		"tests/app/04_primed.sql":  primed,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "1", "-v"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.NotContains(t, o, "out of sequence")
	require.True(t, strings.HasSuffix(o, "\n7 passed, 0 failed\n"))

	own := "begin;\nset local search_path = tap, public;\nselect plan(1);\n" +
		"select ok((select xmin::text::bigint from pg_class where oid = 'pg_temp.__tcache__'::regclass) >= pg_current_xact_id()::text::bigint, 'made by this file''s plan');\nrollback;\n"
	root = tinyProject(t, map[string]string{
		"tests/setup/00_pgtap.sql": "create schema if not exists tap;\ncreate extension if not exists pgtap with schema tap;\n",
		"tests/app/01_own.sql":     own,
		"tests/app/02_own.sql":     own,
	})
	out.Reset()
	errb.Reset()
	code = testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "1"}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 0, code)
	require.True(t, strings.HasSuffix(out.String(), "\n2 passed, 0 failed\n"))
}

// The template's pgTAP keeps its bookkeeping in static SQL (pgtap.go): the
// suites run with the twins, and their TAP is pgTAP's.
func TestCommandStaticTAP(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_static.sql": `begin;
select plan(2);
select is((select count(*)::int from pg_proc
           where oid in ('tap._get(text)'::regprocedure, 'tap._get_latest(text)'::regprocedure,
                         'tap._set(text,integer,text)'::regprocedure)
             and prosrc not like '%EXECUTE ''%'), 3, 'pgTAP''s bookkeeping builds no query text');
select is(1, 2, 'fails as pgTAP says it');
select * from finish();
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-v"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)
	require.Contains(t, o, "ok 1 - pgTAP's bookkeeping builds no query text")
	require.Contains(t, o, "not ok 2 - fails as pgTAP says it")
	require.Contains(t, o, "#         have: 1\n")
	require.True(t, strings.HasSuffix(o, "\n1 passed, 1 failed\n"))
}

// A file that waits for a row another file holds says how long, and for
// which file (locks.go).
func TestCommandReportsLockWaits(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_hold.sql": `begin;
select plan(1);
update app.items set name = 'held' where id = 1;
select pg_advisory_xact_lock(4242);
select pg_sleep(0.4);
select ok(true, 'held the row');
rollback;
`,
		"tests/app/02_wait.sql": `begin;
select plan(1);
do $$
begin
    for i in 1 .. 1000 loop
        exit when exists (select from pg_locks where locktype = 'advisory' and objid = 4242 and granted);
        perform pg_sleep(0.005);
    end loop;
end
$$;
update app.items set name = 'waited' where id = 1;
select ok(true, 'got the row');
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "2"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.Regexp(t, `(?m)^ok\s+tests/app/02_wait.sql  1 assertion  \d+ms  \(waited \d+ms for locks of tests/app/01_hold.sql\)$`, o)
	require.Regexp(t, `(?m)^ok\s+tests/app/01_hold.sql  1 assertion  \d+ms$`, o)
}

// Statements that share a round trip (a run of selects) keep the one by one
// semantics: the assertions before an error run and count, the error points
// at its own statement's line and column (a syntax error too, which the
// server finds only when it reaches that statement), an error raised in a
// function points at the function's file, and nothing after it runs.
func TestCommandBatchedStatementsStopAtTheirError(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"3_functions/app/boom.sql": `create function app.boom() returns int
language plpgsql
as $$
begin
    raise exception 'boom' using errcode = 'P0001';
end
$$;
`,
		"tests/app/01_syntax.sql": `begin;
select plan(4);
select ok(true, 'one');
select ok(true, 'two');
select ok(tru e, 'a syntax error');
select ok(true, 'never runs');
rollback;
`,
		"tests/app/02_raise.sql": `begin;
select plan(3);
select ok(true, 'before');
select app.boom();
select ok(true, 'never runs');
rollback;
`,
		"tests/app/03_write.sql": `begin;
select plan(2);
insert into app.items (name) values ('three');
select is((select count(*)::int from app.items), 3, 'the insert ran before the assertion');
update app.items set name = 'x' where name = 'no such';
select ok(true, 'and on');
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "1"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)
	require.Regexp(t, `(?m)^FAILED tests/app/01_syntax.sql  2/4 passed`, o)
	require.Contains(t, o, `tests/app/01_syntax.sql:5:15: ERROR 42601: syntax error at or near "e"`)
	require.NotContains(t, o, "never runs")
	require.Regexp(t, `(?m)^FAILED tests/app/02_raise.sql  1/3 passed`, o)
	require.Contains(t, o, "3_functions/app/boom.sql:5")
	require.Contains(t, o, "ERROR P0001: boom")
	require.Contains(t, o, "called from tests/app/02_raise.sql:4:1")
	require.Regexp(t, `(?m)^ok\s+tests/app/03_write.sql  2 assertions `, o)
	// failed: 01 two planned that never ran, 02 two
	require.True(t, strings.HasSuffix(o, "\n5 passed, 4 failed\n"))
}

// TestRunFileStopsAtTheFirstFailure: with StopAtFailure (thick mutate), a
// file ends after the statement, or the batch of statements sharing a round
// trip, that answered its first failed assertion; without it, the file runs
// to its end.
func TestRunFileStopsAtTheFirstFailure(t *testing.T) {
	ctx := context.Background()
	const later = `begin;
select plan(4);
select ok(true, 'first');
select ok(false, 'fails');
select ok(true, 'after the failure, same batch');
create temp table marker (x int);
select ok(true, 'after the batch');
select * from finish();
rollback;
`
	root := tinyProject(t, map[string]string{"tests/app/stop.sql": later})
	p, err := project.Load(root)
	require.NoError(t, err)
	plan, err := testrun.Discover(root, nil)
	require.NoError(t, err)
	srv, err := testrun.StartServer(ctx, "local", io.Discard)
	require.NoError(t, err)
	defer func() { _ = srv.Stop(context.WithoutCancel(ctx)) }()
	env, err := testrun.Prepare(ctx, srv, p, plan, testrun.PrepareOptions{})
	require.NoError(t, err)
	defer env.Close(context.WithoutCancel(ctx))
	conn, err := pgconn.Connect(ctx, env.URL(env.TestDatabase()))
	require.NoError(t, err)
	defer conn.Close(ctx)
	testrun.PrepareSession(ctx, conn)

	count := func(f *testrun.File) int { return len(f.Suite.Assertions) }
	f, usable, err := env.RunFile(ctx, conn, "tests/app/stop.sql", later, testrun.FileRun{StopAtFailure: true})
	require.NoError(t, err)
	require.True(t, usable)
	require.NoError(t, f.Err)
	require.Equal(t, 3, count(f), "the batch that failed is answered whole, nothing after it runs")

	f, _, err = env.RunFile(ctx, conn, "tests/app/stop.sql", later, testrun.FileRun{})
	require.NoError(t, err)
	require.Equal(t, 4, count(f), "without StopAtFailure the file runs to its end")

	// a statement that goes alone (execute is never batched)
	alone := "begin;\nselect plan(2);\nprepare failing as select ok(false, 'fails alone');\nexecute failing;\n" +
		"create temp table marker (x int);\nselect ok(true, 'after');\nrollback;\n"
	f, _, err = env.RunFile(ctx, conn, "tests/app/alone.sql", alone, testrun.FileRun{StopAtFailure: true})
	require.NoError(t, err)
	require.NoError(t, f.Err)
	require.Equal(t, 1, count(f), "a failure in a statement of its own stops the file there")

	// a file that ends its transaction other than by rollback fails there
	// in both modes
	committed := "select plan(1);\ncommit;\nselect ok(false, 'after');\n"
	f, _, err = env.RunFile(ctx, conn, "tests/app/commit.sql", committed, testrun.FileRun{StopAtFailure: true})
	require.NoError(t, err)
	require.Error(t, f.Err)
	require.Equal(t, 2, f.Committed)
}

// The files' sessions plan generically, whatever the file before set on
// the same session (tune after reset).
func TestCommandGenericPlans(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_custom.sql": `begin;
select plan(1);
set plan_cache_mode = force_custom_plan;
select is(current_setting('plan_cache_mode'), 'force_custom_plan', 'a file may plan as it likes');
select * from finish();
rollback;
set plan_cache_mode = force_custom_plan;
`,
		"tests/app/02_generic.sql": `begin;
select plan(2);
select is(current_setting('plan_cache_mode'), 'force_generic_plan', 'the next file plans generically again');
prepare item(bigint) as select name from app.items where id = $1;
create function pg_temp.plan_of() returns text language plpgsql as $$
declare
    line text;
    plan text := '';
begin
    for line in execute 'explain (costs off) execute item(1)' loop
        plan := plan || line || ' ';
    end loop;
    return plan;
end
$$;
select matches(pg_temp.plan_of(), 'id = \$1', 'the first call''s plan keeps the parameter: a generic plan');
select * from finish();
rollback;
`,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "1", "-v"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.True(t, strings.HasSuffix(o, "\n3 passed, 0 failed\n"))
}
