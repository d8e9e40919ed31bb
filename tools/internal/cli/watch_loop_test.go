package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/testrun"
)

func TestIgnoredEditorFiles(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"3_functions/crm/.open_position.sql.swp", "3_functions/crm/.open_position.sql.swx",
		"3_functions/crm/open_position.sql~", "3_functions/crm/sedAb12Cd", "3_functions/crm/4913",
		"3_functions/crm/.#open_position.sql", "tests/crm/#01.sql#", "3_functions/.hidden.sql",
	} {
		require.True(t, ignored(name), name)
	}
	for _, name := range []string{"3_functions/crm/open_position.sql", "3_functions/crm/sed_helpers.sql", "tests/crm/01_leads.sql", "3_functions/crm"} {
		require.False(t, ignored(name), name)
	}
}

// An editor's temporary files around a save trigger nothing: after a
// swap file, a backup~ and a sed temp file come and go, only the real save
// rebuilds, and the header names it alone.
func TestWatchIgnoresTemporaryFiles(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	go func() { done <- Watch(ctx, []string{"--db", url, "--root", dir}, &out, &errOut) }()
	waitLong(t, &out, "total", 1)

	d := filepath.Join(dir, "2_views", "core")
	for _, n := range []string{".items.sql.swp", "items.sql~", "sedX1y2Z3", "4913"} {
		require.NoError(t, os.WriteFile(filepath.Join(d, n), []byte("garbage"), 0o644))
	}
	require.NoError(t, os.Rename(filepath.Join(d, "sedX1y2Z3"), filepath.Join(d, "sedQ9w8E7")))
	for _, n := range []string{".items.sql.swp", "4913", "sedQ9w8E7"} {
		require.NoError(t, os.Remove(filepath.Join(d, n)))
	}
	time.Sleep(4 * debounce)
	require.Equal(t, 1, strings.Count(out.String(), "thick watch ·"), "temporary files start no cycle:\n%s", out.String())

	writeFiles(t, dir, map[string]string{"2_views/core/items.sql": sample["2_views/core/items.sql"] + "-- saved\n"})
	waitLong(t, &out, "total", 2)
	require.Contains(t, out.String(), "· 2_views/core/items.sql\n")
	cancel()
	require.Equal(t, 0, <-done)
}

// The embedded cluster stopped under the watch is started again on the
// next save. Not parallel: it unsets DATABASE_URL.
func TestWatchRestartsStoppedCluster(t *testing.T) {
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	go func() { done <- Watch(ctx, []string{"--root", root}, &out, &errOut) }()
	waitLong(t, &out, "total", 1)

	c, err := pgcluster.Open(pgcluster.ProjectDir(root))
	require.NoError(t, err)
	require.NoError(t, c.Stop(context.Background()))
	require.False(t, c.Running(context.Background()))

	writeFiles(t, root, map[string]string{"8_seed/core/items.sql": "insert into core.items values (1, 10), (2, 20), (3, 30);\n"})
	waitLong(t, &out, "total", 2)
	require.Equal(t, 2, strings.Count(errOut.String(), "started cluster"), errOut.String())
	require.True(t, c.Running(context.Background()))
	cancel()
	require.Equal(t, 0, <-done)
}

// watch --test: one build before green (the template's, on the cache
// server), the development database after; a save under tests/ runs that
// file alone on the cached template and rebuilds nothing; a save in an
// application's folder runs its suites and core's. Not parallel: it clears CI.
func TestWatchTest(t *testing.T) {
	t.Setenv("CI", "")
	url := newDB(t)
	root := t.TempDir()
	require.NoError(t, os.Chmod(root, 0o755))
	require.NoError(t, os.Chmod(filepath.Dir(root), 0o755))
	suite := func(name string) string {
		return "begin;\nselect plan(1);\nselect ok(true, '" + name + "');\nselect * from finish();\nrollback;\n"
	}
	writeFiles(t, root, sample)
	writeFiles(t, root, map[string]string{
		"3_functions/crm/f.sql":    "create schema crm;\ncreate function crm.f() returns int language sql as $$ select 1 $$;\n",
		"tests/setup/00_pgtap.sql": "create schema if not exists tap;\ncreate extension if not exists pgtap with schema tap;\ndo $$ begin execute format('alter database %I set search_path = tap, public', current_database()); end $$;\n",
		"tests/core/a.sql":         suite("core a"),
		"tests/crm/b.sql":          suite("crm b"),
		"tests/hr/c.sql":           suite("hr c"),
	})
	t.Cleanup(func() {
		if c, err := pgcluster.Open(testrun.CacheDir(root)); err == nil {
			_ = c.Stop(context.Background())
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int)
	go func() { done <- Watch(ctx, []string{"--db", url, "--root", root, "--test"}, &out, &errOut) }()
	waitLong(t, &out, "total", 1) // the development database, after the suites
	first := out.String()
	require.Contains(t, first, "3 passed, 0 failed")
	require.Less(t, strings.Index(first, "3 passed, 0 failed"), strings.Index(first, "total"), "green first, then the development database")
	require.Equal(t, 1, strings.Count(first, "  rebuild "), "one template build before green")

	// a suite saved: that file alone, on the cached template, no rebuild
	writeFiles(t, root, map[string]string{"tests/crm/b.sql": suite("crm b, edited")})
	waitLong(t, &out, "passed, 0 failed", 2)
	waitLong(t, &out, "watching for changes", 2)
	second := out.String()[len(first):]
	require.Contains(t, second, "template cached (no SQL change)")
	require.Contains(t, second, "tests/crm/b.sql")
	require.NotContains(t, second, "tests/core/a.sql")
	require.Contains(t, second, "1 passed, 0 failed")
	require.NotContains(t, second, "total", "the development database is not rebuilt for a suite")

	// a crm function saved: crm's and core's suites, not hr's; the cached
	// template's code reloaded in place (no build before green), then the
	// development database's
	writeFiles(t, root, map[string]string{"3_functions/crm/f.sql": "create schema crm;\ncreate function crm.f() returns int language sql as $$ select 2 $$;\n"})
	waitLong(t, &out, "total", 2)
	third := out.String()[len(first)+len(second):]
	require.Contains(t, third, "tests/core/a.sql")
	require.Contains(t, third, "tests/crm/b.sql")
	require.NotContains(t, third, "tests/hr/c.sql")
	require.Contains(t, third, "2 passed, 0 failed")
	require.Contains(t, third, "template cached, code reloaded in place ")
	require.NotContains(t, third, "  rebuild ")
	require.Contains(t, third, "reloaded the code in place")
	require.Less(t, strings.Index(third, "2 passed, 0 failed"), strings.Index(third, "reloaded the code in place"), "green first")
	require.Empty(t, errOut.String())
	cancel()
	require.Equal(t, 0, <-done)
}

// waitLong is waitFor with room for a loaded machine: the watch's cycles
// here start a server and build templates.
func waitLong(t *testing.T, buf *syncBuffer, substr string, count int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if strings.Count(buf.String(), substr) >= count {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waited for %d× %q; got:\n%s", count, substr, buf.String())
}
