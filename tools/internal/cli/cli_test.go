package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

// newDB creates an empty database and returns its URL.
func newDB(t *testing.T) string {
	t.Helper()
	return pgtest.NewDB(t, "")
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

var sample = map[string]string{
	"0_tables/core/000_schema.sql": "create schema core;\ncreate table core.items (id int primary key, qty int not null);\n",
	"2_views/core/items.sql":       "create schema core_api;\ncreate view core_api.items as select id, qty from core.items;\n",
	"8_seed/core/items.sql":        "insert into core.items values (1, 10), (2, 20);\n",
}

func runCmd(cmd func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cmd(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRebuildCommand(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)

	code, out, errOut := runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Regexp(t, `(?m)^rebuild testrebuildcommand_\d+ on /`, out)
	require.Regexp(t, `(?m)^0_tables\s+1 file\s+`, out)
	require.Regexp(t, `(?m)^2_views\s+1 file\s+`, out)
	require.Regexp(t, `(?m)^8_seed\s+1 file\s+`, out)
	require.Regexp(t, `(?m)^total\s+3 files\s+`, out)
	require.NotContains(t, out, "\x1b[", "no colour into a buffer")

	// A failing seed: compiler-style message, exit 1, nothing changed.
	writeFiles(t, dir, map[string]string{"8_seed/core/more.sql": "insert into core.items values (3, 30);\ninsert into core.items values (1, 99);"})
	code, _, errOut = runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "8_seed/core/more.sql:2:1: ERROR 23505: duplicate key value violates unique constraint \"items_pkey\"\n")
	require.Contains(t, errOut, "      2 | insert into core.items values (1, 99);\n        | ^\n")
	require.Contains(t, errOut, "rolled back")
	conn, err := pgx.Connect(context.Background(), url)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from core.items").Scan(&n))
	require.Equal(t, 2, n)
}

func TestRebuildPreflightBeforeConnecting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"0_tables/a.sql": "create schema a;\n\\connect other\nvacuum;\n",
	})
	// Nothing listens on port 1: a connection attempt would fail differently.
	code, _, errOut := runCmd(Rebuild, "--db", "postgres://nobody@127.0.0.1:1/none", "--root", dir)
	require.Equal(t, 1, code)
	require.Equal(t, `0_tables/a.sql:2: psql meta-command \connect is not SQL; files must be plain SQL
0_tables/a.sql:3: "vacuum" cannot run inside a transaction block
thick rebuild: 2 statements that cannot run in one transaction; nothing was run
`, errOut)
}

func TestMarkAndRefusals(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "create schema legacy; create table legacy.t (a int)")
	require.NoError(t, err)

	code, _, errOut := runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "--force-unmarked")
	require.Contains(t, errOut, "legacy")

	code, _, errOut = runCmd(Rebuild, "--db", url, "--root", dir, "--force-unmarked")
	require.Equal(t, 0, code, errOut)

	// Flags after the positional argument.
	code, out, errOut := runCmd(Mark, "production", "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "as production (was development)")
	kind, err := marker.Check(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, marker.Production, kind)

	for _, extra := range [][]string{nil, {"--force-unmarked"}} {
		code, _, errOut = runCmd(Rebuild, append([]string{"--db", url, "--root", dir}, extra...)...)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "marked production")
	}

	code, _, _ = runCmd(Mark, "--db", url, "staging")
	require.Equal(t, 2, code)

	// production back to development only with --force
	code, _, errOut = runCmd(Mark, "--db", url, "development")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "is marked production")
	require.Contains(t, errOut, "--force")
	kind, err = marker.Check(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, marker.Production, kind, "unchanged")
	code, _, errOut = runCmd(Mark, "--db", url, "development", "--force")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
}

// syncBuffer is a bytes.Buffer safe for the watcher goroutine and the test.
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

func waitFor(t *testing.T, buf *syncBuffer, substr string, count int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(buf.String(), substr) >= count {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waited for %d× %q; got:\n%s", count, substr, buf.String())
}

func TestWatch(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	var tested atomic.Int32
	go func() {
		done <- Watch(ctx, []string{"--db", url, "--root", dir}, &out, &errOut)
	}()
	waitFor(t, &out, "total", 1)

	// A new subfolder with a broken file: watched, rebuilt, error shown.
	writeFiles(t, dir, map[string]string{"3_functions/crm/f.sql": "create function core.f() returns int language sql as $$ select 1 $$;\nselect core.nope();\n"})
	waitFor(t, &errOut, "3_functions/crm/f.sql:2:8: ERROR 42883", 1)
	require.Contains(t, out.String(), "· 3_functions", "the header names the change")

	// Fixed: rebuilt again.
	writeFiles(t, dir, map[string]string{"3_functions/crm/f.sql": "create function core.f() returns int language sql as $$ select 1 $$;\n"})
	waitFor(t, &out, "total", 2)
	require.Regexp(t, `3_functions\s+1 file`, out.String())
	require.Zero(t, tested.Load())

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code)
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not stop on cancel")
	}
}

func TestTestArgsFor(t *testing.T) {
	t.Parallel()
	w := &watcher{root: "/p"}
	require.Equal(t, []string{"--root", "/p"}, w.testArgsFor(nil))
	require.Equal(t, []string{"--root", "/p", "--run", "^tests/(core|crm)/"}, w.testArgsFor([]string{"3_functions/crm/a.sql", "2_views/crm/b.sql"}))
	require.Equal(t, []string{"--root", "/p", "--run", "^tests/(core|crm|hr)/"}, w.testArgsFor([]string{"3_functions/hr/a.sql", "2_views/crm/b.sql"}))
	require.Equal(t, []string{"--root", "/p", "--run", `^tests/crm/01_leads\.sql$`}, w.testArgsFor([]string{"tests/crm/01_leads.sql"}))
	require.Equal(t, []string{"--root", "/p", "--run", `^(tests/(core|med)/|tests/crm/01_leads\.sql$)`}, w.testArgsFor([]string{"tests/crm/01_leads.sql", "3_functions/med/x.sql"}))
	require.Equal(t, []string{"--root", "/p"}, w.testArgsFor([]string{"tests/setup/010_helpers.sql"}))
	require.Equal(t, []string{"--root", "/p"}, w.testArgsFor([]string{"3_functions/core/a.sql", "2_views/crm/b.sql"}))
	require.Equal(t, []string{"--root", "/p"}, w.testArgsFor([]string{"3_functions/top.sql"}))
	w.testArgs = []string{"--run", "x", "-v"}
	require.Equal(t, []string{"--root", "/p", "--run", "x", "-v"}, w.testArgsFor([]string{"3_functions/crm/a.sql"}))
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	fs := newFlags("x", io.Discard)
	db := fs.String("db", "", "")
	v := fs.Bool("v", false, "")
	pos, err := parse(fs, []string{"production", "--db", "u", "extra", "-v", "--", "--not-a-flag"})
	require.NoError(t, err)
	require.Equal(t, "u", *db)
	require.True(t, *v)
	require.Equal(t, []string{"production", "extra", "--not-a-flag"}, pos)
}

// TestEmbeddedDefault runs rebuild, psql and stop without --db or
// DATABASE_URL: the project-local cluster under .thick/ is initialised and
// started on demand, then stopped. Not parallel: it unsets DATABASE_URL.
func TestEmbeddedDefault(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	root := t.TempDir()
	require.NoError(t, os.Chmod(root, 0o755))
	require.NoError(t, os.Chmod(filepath.Dir(root), 0o755))
	writeFiles(t, root, sample)
	t.Cleanup(func() {
		if c, err := pgcluster.Open(pgcluster.ProjectDir(root)); err == nil {
			_ = c.Stop(context.Background())
		}
	})

	code, out, errOut := runCmd(Rebuild, "--root", root)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "rebuild thick_dev (embedded, port ")
	require.Contains(t, errOut, "started cluster")

	code, out, errOut = runCmd(Psql, "--root", root, "-XAtc", "select count(*) from core.items")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "2\n", out)

	code, out, _ = runCmd(Stop, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "stopped the embedded cluster")
	code, out, _ = runCmd(Stop, "--root", root)
	require.Equal(t, 0, code)
	require.Contains(t, out, "is not running")

	// thick url: the TCP URL of the running cluster, usable as is
	code, out, errOut = runCmd(URL, "--root", root, "--user", "authenticator")
	require.Equal(t, 0, code, errOut)
	require.Regexp(t, `^postgres://authenticator@127\.0\.0\.1:\d+/thick_dev\?sslmode=disable\n$`, out)
	code, out, errOut = runCmd(URL, "--root", root)
	require.Equal(t, 0, code, errOut)
	conn, err := pgx.Connect(context.Background(), strings.TrimSpace(out))
	require.NoError(t, err)
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from core.items").Scan(&n))
	require.Equal(t, 2, n)
	conn.Close(context.Background())

	// Started again on demand; the data survived.
	code, out, errOut = runCmd(Psql, "--root", root, "-XAtc", "select kind from thick.marker")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "development\n", out)
}

func TestWatchSupersedesALongRebuild(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	writeFiles(t, dir, map[string]string{"8_seed/core/slow.sql": "select pg_sleep(30);\n"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- Watch(ctx, []string{"--db", url, "--root", dir}, &out, &errOut)
	}()
	waitFor(t, &out, "· start", 1)
	time.Sleep(300 * time.Millisecond) // well into the sleep
	t0 := time.Now()
	writeFiles(t, dir, map[string]string{"8_seed/core/slow.sql": "select 1;\n"})
	waitFor(t, &out, "total", 1)
	require.Less(t, time.Since(t0), 10*time.Second)
	require.Contains(t, out.String(), "· 8_seed/core/slow.sql")
	require.Empty(t, errOut.String(), "a superseded rebuild says nothing")

	cancel()
	require.Equal(t, 0, <-done)
}

func TestRebuildNoSeedFlag(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	code, out, errOut := runCmd(Rebuild, "--db", url, "--root", dir, "--no-seed")
	require.Equal(t, 0, code, errOut)
	require.NotContains(t, out, "8_seed")
	require.Regexp(t, `(?m)^total\s+2 files\s+`, out)
	conn := pgtest.Connect(t, url)
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from core.items").Scan(&n))
	require.Zero(t, n)

	// the full rebuilds in and out of the seed say so, not that a seed file
	// changed
	code, out, errOut = runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "full rebuild: the last build was without the seed (--no-seed); this one runs it\n")
	code, out, errOut = runCmd(Rebuild, "--db", url, "--root", dir, "--no-seed")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "full rebuild: the last build ran the seed; this one leaves it out (--no-seed)\n")
}
