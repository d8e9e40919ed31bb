package benchrun_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/benchrun"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

func TestLoad(t *testing.T) {
	t.Parallel()
	s, err := benchrun.Load("testdata/bench_tiny")
	require.NoError(t, err)
	require.Equal(t, "tiny", s.App)
	require.Len(t, s.Scripts, 2)
	require.Equal(t, "batch", s.Scripts[0].Name)
	require.True(t, s.Scripts[0].Once)
	require.Equal(t, "A whole-batch operation: every item at once.", s.Scripts[0].What)
	require.Empty(t, s.Scripts[0].Ref)
	require.Equal(t, "bump", s.Scripts[1].Name)
	require.False(t, s.Scripts[1].Once)
	require.Equal(t, filepath.Join("testdata/bench_tiny", "bump.ref.sql"), s.Scripts[1].Ref)
	require.Equal(t, "One request: add one to an item's quantity through a function.", s.Scripts[1].What)
}

// The runner on the fixture: setup with bench.scale, the script and its
// reference measured, the once script's latency, the extra called with the
// rows of params before the teardown, and the teardown run.
func TestRun(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDB(t, "")
	s, err := benchrun.Load("testdata/bench_tiny")
	require.NoError(t, err)
	var out bytes.Buffer
	extraRows := 0
	extra := func(ctx context.Context, dbURL string, rows int, results []benchrun.Result, w io.Writer) error {
		extraRows = rows
		conn := pgtest.Connect(t, dbURL)
		var n int
		require.NoError(t, conn.QueryRow(ctx, "select count(*) from bench_tiny.params").Scan(&n))
		require.Equal(t, rows, n, "the extra runs before the teardown")
		require.Len(t, results, 2)
		return nil
	}
	results, err := benchrun.Run(context.Background(), url, s, benchrun.Options{Scale: 3, Clients: 2, Duration: time.Second}, extra, &out)
	t.Log(out.String())
	require.NoError(t, err)
	require.Equal(t, 30, extraRows, "bench.scale 3 makes 30 targets")
	require.Len(t, results, 2)
	batch, bump := results[0], results[1]
	require.NoError(t, batch.Err)
	require.Positive(t, batch.Latency)
	require.Zero(t, batch.RefLatency)
	require.Zero(t, batch.Ratio())
	require.NoError(t, bump.Err)
	require.Positive(t, bump.TPS)
	require.Positive(t, bump.RefTPS)
	require.InDelta(t, bump.TPS/bump.RefTPS, bump.Ratio(), 1e-9)
	require.Regexp(t, `tiny/bump\s+\d+\.\d TPS\s+\d+\.\d TPS\s+\d+\.\d\dx\s+One request`, out.String())
	require.Regexp(t, `tiny/batch\s+\d+\.\d\dms mean\s+-\s+-\s+A whole-batch`, out.String())

	conn := pgtest.Connect(t, url)
	var left int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from pg_namespace where nspname in ('tiny', 'bench_tiny')").Scan(&left))
	require.Zero(t, left, "the teardown ran")
}

// suiteDir makes an empty scripts/bench_<app> folder under the test's
// temporary directory and returns it with a function that writes a file
// into it.
func suiteDir(t *testing.T, app string) (string, func(name, content string)) {
	dir := filepath.Join(t.TempDir(), "bench_"+app)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir, func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
}

// A failing setup names its file and line, and nothing of it stays; a
// failing script is reported in its row while the others run.
func TestRunErrors(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDB(t, "")
	dir, write := suiteDir(t, "bad")
	write("setup.sql", "create schema bench_bad;\nselect * from bench_bad.nothing;\n")
	write("a.sql", "-- a\nselect 1;\n")
	s, err := benchrun.Load(dir)
	require.NoError(t, err)
	_, err = benchrun.Run(context.Background(), url, s, benchrun.Options{Duration: time.Second}, nil, io.Discard)
	require.ErrorContains(t, err, "bench_bad/setup.sql:2:15: ERROR 42P01")
	conn := pgtest.Connect(t, url)
	var left int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from pg_namespace where nspname = 'bench_bad'").Scan(&left))
	require.Zero(t, left, "the setup rolled back")

	write("setup.sql", "create schema bench_bad;\ncreate table bench_bad.params (n int primary key);\ninsert into bench_bad.params values (1);\n")
	write("teardown.sql", "drop schema bench_bad cascade;\n")
	write("b.sql", "-- b fails\nselect 1/0;\n")
	s, err = benchrun.Load(dir)
	require.NoError(t, err)
	var out bytes.Buffer
	results, err := benchrun.Run(context.Background(), url, s, benchrun.Options{Duration: time.Second, Clients: 1}, nil, &out)
	require.NoError(t, err)
	require.Len(t, results, 2)
	require.NoError(t, results[0].Err)
	require.ErrorContains(t, results[1].Err, "pgbench b.sql")
	require.Regexp(t, `bad/b\s+-\s+-\s+-\s+error: pgbench b.sql: .*division by zero`, out.String())

	// a reference without its script is refused
	write("c.ref.sql", "select 1;\n")
	_, err = benchrun.Load(dir)
	require.ErrorContains(t, err, "a reference without its script")
}

// The scripts' sessions get the login role's settings, as PostgREST's
// requests do: jit off and a value with a space, for the role itself and
// for this database; a script that checks them fails without.
func TestRunWithLoginRoleSettings(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDB(t, "")
	conn := pgtest.Connect(t, url)
	ctx := context.Background()
	role := fmt.Sprintf("bench_login_%d", time.Now().UnixNano())
	_, err := conn.Exec(ctx, "create role "+role+" login")
	require.NoError(t, err)
	t.Cleanup(func() {
		c := pgtest.Connect(t, url)
		_, _ = c.Exec(context.Background(), "drop role if exists "+role)
	})
	_, err = conn.Exec(ctx, "alter role "+role+" set jit = off")
	require.NoError(t, err)
	var db string
	require.NoError(t, conn.QueryRow(ctx, "select current_database()").Scan(&db))
	_, err = conn.Exec(ctx, "alter role "+role+" in database "+pgx.Identifier{db}.Sanitize()+" set search_path = 'as postgrest'")
	require.NoError(t, err)

	dir, write := suiteDir(t, "login")
	write("setup.sql", "create schema bench_login;\ncreate table bench_login.params (n int primary key);\ninsert into bench_login.params values (1);\n")
	write("teardown.sql", "drop schema bench_login cascade;\n")
	write("settings.sql", "-- settings\n"+`select 1 / (current_setting('jit') = 'off' and current_setting('search_path') = '"as postgrest"')::int;`+"\n")
	s, err := benchrun.Load(dir)
	require.NoError(t, err)
	results, err := benchrun.Run(ctx, url, s, benchrun.Options{Duration: time.Second, Clients: 1, LoginRole: role}, nil, io.Discard)
	require.NoError(t, err)
	require.Len(t, results, 1)
	require.NoError(t, results[0].Err, "the sessions run with the login role's settings")

	// control: without them (a role that has none) the same script fails
	results, err = benchrun.Run(ctx, url, s, benchrun.Options{Duration: time.Second, Clients: 1, LoginRole: role + "_none"}, nil, io.Discard)
	require.NoError(t, err)
	require.ErrorContains(t, results[0].Err, "division by zero")
}

// TestProjectScripts runs the project's own API benchmarks of school health
// and hotel HR (scripts/bench_med, scripts/bench_hr) as make bench does, at
// scale 1 for a second per script, on a throwaway build of the project:
// setup, every script and its reference answered, teardown. (The CRM's
// runs with its three-tier comparison in crmbench.)
func TestProjectScripts(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	url, conn := pgtest.ProjectTree(t, root)
	ctx := context.Background()
	for _, app := range []string{"med", "hr"} {
		s, err := benchrun.Load(filepath.Join(root, "scripts", "bench_"+app))
		require.NoError(t, err)
		require.NotEmpty(t, s.Scripts, app)
		var out bytes.Buffer
		results, err := benchrun.Run(ctx, url, s, benchrun.Options{Scale: 1, Clients: 2, Duration: time.Second}, nil, &out)
		require.NoError(t, err, app+":\n"+out.String())
		require.Len(t, results, len(s.Scripts), app)
		for _, r := range results {
			require.NoError(t, r.Err, app+"/"+r.Script.Name)
			if r.Script.Once {
				continue
			}
			require.Positive(t, r.TPS, app+"/"+r.Script.Name)
			if r.Script.Ref != "" {
				require.Positive(t, r.RefTPS, app+"/"+r.Script.Name+" reference")
			}
		}
		var left int
		require.NoError(t, conn.QueryRow(ctx, "select count(*) from pg_namespace where nspname = $1", "bench_"+app).Scan(&left))
		require.Zero(t, left, app+": the teardown ran")
	}
}
