package build_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
)

// The files over 100 ms are named after the folder table, slowest first;
// the fast ones are not.
func TestRebuildNamesSlowFiles(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	p := writeProject(t, map[string]string{
		"0_tables/app/000_schema.sql": "create schema app;\n",
		"3_functions/app/fast.sql":    "select 1;\n",
		"8_seed/app/010_slower.sql":   "select pg_catalog.pg_sleep(0.4);\n",
		"8_seed/app/020_slow.sql":     "select pg_catalog.pg_sleep(0.15);\n",
	})
	var out bytes.Buffer
	res, err := build.Rebuild(context.Background(), conn, p, build.Options{Stdout: &out})
	require.NoError(t, err)
	require.Len(t, res.Slow, 2)
	require.Equal(t, "8_seed/app/010_slower.sql", res.Slow[0].Path)
	require.Equal(t, "8_seed/app/020_slow.sql", res.Slow[1].Path)
	require.GreaterOrEqual(t, res.Slow[1].Duration.Milliseconds(), int64(150))
	o := out.String()
	t.Log(o)
	require.Regexp(t, regexp.MustCompile(`(?s)total .*\nfiles over 100ms, slowest first:\n\s+\d+ms 8_seed/app/010_slower.sql\n\s+\d+ms 8_seed/app/020_slow.sql\n$`), o)
	require.NotContains(t, o, "fast.sql")
	require.NotContains(t, o, "000_schema.sql")
}

// A build without slow files prints no slow-file section.
func TestRebuildWithoutSlowFilesSaysNothingMore(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	p := writeProject(t, map[string]string{"0_tables/app/000_schema.sql": "create schema app;\n"})
	var out bytes.Buffer
	res, err := build.Rebuild(context.Background(), conn, p, build.Options{Stdout: &out})
	require.NoError(t, err)
	require.Empty(t, res.Slow)
	require.NotContains(t, out.String(), "slowest")
}

// NoSeed builds everything but 8_seed.
func TestRebuildNoSeed(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	ctx := context.Background()
	p := writeProject(t, map[string]string{
		"0_tables/app/000_schema.sql": "create schema app;\ncreate table app.items (id int primary key);\n",
		"3_functions/app/f.sql":       "create function app.f() returns int language sql as $$ select 1 $$;\n",
		"8_seed/app/items.sql":        "insert into app.items values (1), (2);\n",
	})
	var out bytes.Buffer
	res, err := build.Rebuild(ctx, conn, p, build.Options{Stdout: &out, NoSeed: true})
	require.NoError(t, err)
	require.Equal(t, 2, res.Files)
	require.NotContains(t, out.String(), "8_seed")
	var n int
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from app.items").Scan(&n))
	require.Zero(t, n, "no seed rows")
	require.NoError(t, conn.QueryRow(ctx, "select app.f()").Scan(&n))
	require.Equal(t, 1, n, "the code folders ran")

	// and with the seed
	_, err = build.Rebuild(ctx, conn, p, build.Options{})
	require.NoError(t, err)
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from app.items").Scan(&n))
	require.Equal(t, 2, n)
}
