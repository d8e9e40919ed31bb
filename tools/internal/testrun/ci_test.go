package testrun_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/marker"
	"thick/tools/internal/testrun"
)

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// A file that commits without the mark fails, and its rows do not reach the
// files after it.
func TestCommitWithoutMarkFails(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_commits.sql": "begin;\nselect plan(1);\ninsert into app.items (name) values ('leak');\nselect ok(true, 'inserted');\ncommit;\n",
		"tests/app/02_after.sql":   passing,
		// a rollback in the middle: what follows is still rolled back
		"tests/app/03_rollback.sql": "begin;\nselect plan(1);\nselect ok(true, 'fine');\nrollback;\ninsert into app.items (name) values ('after the rollback');\n",
		"tests/app/04_after.sql":    passing,
		"tests/app/05_end.sql":      "select plan(1);\ninsert into app.items (name) values ('leak');\nselect ok(true, 'inserted');\nend;\n",
		"tests/app/06_after.sql":    passing,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "-j", "1"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)
	require.Regexp(t, `(?m)^FAILED tests/app/01_commits.sql `, o)
	require.Contains(t, o, "tests/app/01_commits.sql:5: this statement (commit) committed the file's transaction")
	require.Contains(t, o, `mark the file with "-- thick: commit" on its first line`)
	require.Regexp(t, `(?m)^ok\s+tests/app/02_after.sql  2 assertions `, o)
	require.Regexp(t, `(?m)^ok\s+tests/app/03_rollback.sql  1 assertion `, o)
	require.Regexp(t, `(?m)^ok\s+tests/app/04_after.sql  2 assertions `, o)
	require.Regexp(t, `(?m)^FAILED tests/app/05_end.sql `, o)
	require.Contains(t, o, "tests/app/05_end.sql:4: this statement (end)")
	require.Regexp(t, `(?m)^ok\s+tests/app/06_after.sql  2 assertions `, o)
	require.Equal(t, "9 passed, 2 failed", lastLine(o))
}

// The report is written on every run: a build error is a test case at its
// file and line, and no stale report survives.
func TestJUnitOnBuildFailureAndNoTests(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql": passing,
		"2_views/app/v.sql":     "-- a view\ncreate view app.v as select nope from app.items;\n",
	})
	junit := filepath.Join(t.TempDir(), "junit.xml")
	stale := `<testsuites tests="1" failures="0"><testsuite name="old"><testcase name="green"/></testsuite></testsuites>`
	require.NoError(t, os.WriteFile(junit, []byte(stale), 0o644))
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "--junit", junit}, &out, &errb)
	require.Equal(t, 1, code)
	require.Equal(t, "0 passed, 1 failed", lastLine(out.String()))
	x, err := os.ReadFile(junit)
	require.NoError(t, err)
	t.Log(string(x))
	require.NotContains(t, string(x), "green")
	require.Contains(t, string(x), `<testsuites tests="1" failures="0" errors="1"`)
	require.Contains(t, string(x), `<testcase name="rebuild" classname="thick test" file="2_views/app/v.sql" line="2">`)
	require.Contains(t, string(x), `<error message="2_views/app/v.sql:2:29: ERROR 42703: column &#34;nope&#34; does not exist">`)

	// no test file at all: still a report, saying so
	empty := tinyProject(t, nil)
	require.NoError(t, os.WriteFile(junit, []byte(stale), 0o644))
	code = testrun.Command(context.Background(), []string{"--root", empty, "--pg", "local", "--junit", junit}, &out, &errb)
	require.Equal(t, 1, code)
	x, err = os.ReadFile(junit)
	require.NoError(t, err)
	require.NotContains(t, string(x), "green")
	require.Contains(t, string(x), `<error message="no test files">`)
}

// Failures carry the assertion's description and file:line in the message.
func TestJUnitFailureMessage(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{"tests/app/02_fail.sql": failing})
	junit := filepath.Join(t.TempDir(), "junit.xml")
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "--junit", junit}, &out, &errb)
	require.Equal(t, 1, code)
	x, err := os.ReadFile(junit)
	require.NoError(t, err)
	require.Contains(t, string(x), `<failure message="three items (tests/app/02_fail.sql:5)">not ok 2 - three items`)
	require.NotContains(t, string(x), `message="not ok"`)
}

// Two runs on one given server at once, beside databases named as thick
// once named its own: each uses and drops only its own databases.
func TestGivenServerRunsDoNotCollide(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := testrun.StartServer(ctx, "local", nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Stop(ctx)) })
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer admin.Close(ctx)
	for _, db := range []string{"dev", "thick_test", "thick_template"} {
		_, err = admin.Exec(ctx, "create database "+db)
		require.NoError(t, err)
	}
	dev, err := pgx.Connect(ctx, srv.URL("dev"))
	require.NoError(t, err)
	require.NoError(t, marker.Set(ctx, dev, marker.Development))
	require.NoError(t, dev.Close(ctx))
	// someone works in thick_test meanwhile
	other, err := pgx.Connect(ctx, srv.URL("thick_test"))
	require.NoError(t, err)
	defer other.Close(ctx)

	slow := "begin;\nselect plan(1);\nselect pg_sleep(1);\nselect is((select count(*)::int from app.items), 2, 'two items');\nrollback;\n"
	root := tinyProject(t, map[string]string{"tests/app/01_slow.sql": slow, "tests/app/02_pass.sql": passing})
	var wg sync.WaitGroup
	outs := make([]string, 2)
	codes := make([]int, 2)
	for i := range 2 {
		wg.Go(func() {
			var out, errb bytes.Buffer
			codes[i] = testrun.Command(ctx, []string{"--root", root, "--pg", srv.URL("dev")}, &out, &errb)
			outs[i] = out.String() + errb.String()
		})
	}
	wg.Wait()
	for i := range 2 {
		require.Equal(t, 0, codes[i], outs[i])
		require.Equal(t, "3 passed, 0 failed", lastLine(outs[i]))
	}
	require.NoError(t, other.Ping(ctx), "a database the runs did not create was left alone")
	rows, err := admin.Query(ctx, "select datname from pg_database where datname like 'thick%' order by 1")
	require.NoError(t, err)
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{"thick_template", "thick_test"}, left)
}

// Skips and todos are counted apart in the closing line.
func TestClosingLineCountsSkipsAndTodos(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"tests/app/01_skip.sql": "begin;\nselect plan(4);\nselect ok(true, 'runs');\nselect skip('not on this server', 2);\n" +
			"select * from todo('later', 1);\nselect ok(false, 'not yet');\nselect * from finish();\nrollback;\n",
		"tests/app/02_all.sql":  "select '1..0 # SKIP nothing here';\n",
		"tests/app/03_pass.sql": passing,
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.Regexp(t, `(?m)^ok\s+tests/app/01_skip.sql  4 assertions \(2 skipped, 1 todo\)  `, o)
	require.Equal(t, "3 passed, 0 failed, 3 skipped, 1 todo", lastLine(o))

	// without any skip or todo the line stays as it was
	out.Reset()
	code = testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "--run", "03"}, &out, &errb)
	require.Equal(t, 0, code)
	require.Equal(t, "2 passed, 0 failed", lastLine(out.String()))
}

// thick test from a subdirectory, with files and folders as arguments.
// Not parallel: it changes the working directory.
func TestCommandFromSubdirWithPaths(t *testing.T) {
	root := tinyProject(t, map[string]string{
		"tests/app/01_pass.sql":   passing,
		"tests/app/02_fail.sql":   failing,
		"tests/other/01_pass.sql": passing,
		"tests/other/02_pass.sql": passing,
	})
	t.Chdir(filepath.Join(root, "tests", "app"))
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"01_pass.sql", "../other", "--pg", "local"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	require.Contains(t, o, "tests/app/01_pass.sql")
	require.Contains(t, o, "tests/other/02_pass.sql")
	require.NotContains(t, o, "02_fail")
	require.Equal(t, "6 passed, 0 failed", lastLine(o))

	// paths relative to the root work too, and bad ones are refused
	t.Chdir(root)
	for arg, want := range map[string]string{
		"tests/nope.sql":           "tests/nope.sql: no such test file or folder",
		"0_tables":                 "0_tables: not under tests/",
		"tests/setup/00_pgtap.sql": "tests/setup runs before every suite",
	} {
		errb.Reset()
		code = testrun.Command(context.Background(), []string{"--pg", "local", arg}, &out, &errb)
		require.Equal(t, 2, code, arg)
		require.Contains(t, errb.String(), want)
	}
}

// The standard pgTAP header and a byte order mark run as under pg_prove;
// meta-commands that change what a file means are refused with file:line.
func TestPsqlHeaderAndBOM(t *testing.T) {
	t.Parallel()
	header := "\\unset ECHO\n\\set QUIET 1\n-- Turn off echo and keep things quiet.\n\n-- Format the output for nice TAP.\n" +
		"\\pset format unaligned\n\\pset tuples_only true\n\\pset pager off\n\n-- Revert all changes on failure.\n" +
		"\\set ON_ERROR_ROLLBACK 1\n\\set ON_ERROR_STOP true\n\n"
	root := tinyProject(t, map[string]string{
		"tests/app/01_header.sql":  header + passing,
		"tests/app/02_bom.sql":     "\uFEFF" + passing,
		"tests/app/03_include.sql": "begin;\nselect plan(1);\n\\i tests/app/other.sql\nselect ok(true);\nrollback;\n",
		"tests/app/04_connect.sql": "\\c postgres\n" + passing,
		"tests/setup/05_bom.sql":   "\uFEFF\\set QUIET 1\nselect 1;\n",
		"0_tables/app/005_bom.sql": "\uFEFFcreate table app.marked (a int);\n",
	})
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local"}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 1, code)
	require.Regexp(t, `(?m)^ok\s+tests/app/01_header.sql  2 assertions `, o)
	require.Regexp(t, `(?m)^ok\s+tests/app/02_bom.sql  2 assertions `, o)
	require.Regexp(t, `(?m)^FAILED tests/app/03_include.sql `, o)
	require.Contains(t, o, `tests/app/03_include.sql:3: psql meta-command \i includes another file`)
	require.Contains(t, o, `tests/app/04_connect.sql:1: psql meta-command \c connects to another database`)
	require.Equal(t, "4 passed, 2 failed", lastLine(o))
}
