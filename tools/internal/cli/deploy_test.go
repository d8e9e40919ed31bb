package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
)

func TestRebuildReloadsCodeInPlace(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	code, out, errOut := runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.NotContains(t, out, "reloaded")

	conn := pgtest.Connect(t, url)
	_, err := conn.Exec(context.Background(), "insert into core.items values (3, 30)")
	require.NoError(t, err)

	// Only a view changed: reloaded in place, the rows (seeded or not) kept.
	writeFiles(t, dir, map[string]string{"2_views/core/items.sql": "create schema core_api;\ncreate view core_api.items as select id, qty, qty * 2 as double from core.items;\n"})
	code, out, errOut = runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "reloaded the code in place")
	require.NotContains(t, out, "8_seed")
	var n, double int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*), sum(double) from core_api.items").Scan(&n, &double))
	require.Equal(t, 3, n)
	require.Equal(t, 120, double)

	// --full rebuilds from scratch: the row inserted by hand is gone.
	code, out, errOut = runCmd(Rebuild, "--db", url, "--root", dir, "--full")
	require.Equal(t, 0, code, errOut)
	require.NotContains(t, out, "reloaded")
	require.Contains(t, out, "8_seed")
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from core.items").Scan(&n))
	require.Equal(t, 2, n)

	// A data file changed: a full rebuild, saying why.
	writeFiles(t, dir, map[string]string{"0_tables/core/000_schema.sql": sample["0_tables/core/000_schema.sql"] + "create index items_qty on core.items (qty);\n"})
	code, out, errOut = runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "full rebuild: 0_tables/core/000_schema.sql changed")
}

func TestDeployVerifyDumpMigrationCommands(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range sample {
		files[k] = v
	}
	files["7_schedule/core/none.sql"] = "-- nothing scheduled\n"
	writeFiles(t, dir, files)

	code, out, _ := runCmd(Migration, "new", "add note", "--root", dir)
	require.Equal(t, 0, code)
	require.Contains(t, out, filepath.Join("migrations", "0001_add_note.sql"))
	code, out, _ = runCmd(Migration, "new", "second", "--root", dir)
	require.Equal(t, 0, code)
	require.Contains(t, out, "0002_second.sql")
	code, _, errOut := runCmd(Migration, "new", "Bad/Name", "--root", dir)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "lowercase letters")

	code, out, errOut = runCmd(Deploy, "--db", url, "--root", dir, "--dry-run")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "dry run: no drift, rolled back")
	conn := pgtest.Connect(t, url)
	var exists bool
	require.NoError(t, conn.QueryRow(context.Background(), "select to_regclass('core.items') is not null").Scan(&exists))
	require.False(t, exists, "a dry run leaves nothing")

	code, out, errOut = runCmd(Deploy, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "deployed into an empty database")
	require.Contains(t, out, "locks held")
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), "select count(*) from core.items").Scan(&n))
	require.Equal(t, 0, n, "8_seed never runs on deploy")

	code, out, errOut = runCmd(Verify, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "no drift")

	_, err := conn.Exec(context.Background(), "comment on view core_api.items is 'by hand'")
	require.NoError(t, err)
	code, out, errOut = runCmd(Verify, "--db", url, "--root", dir)
	require.Equal(t, 1, code, errOut)
	require.Contains(t, out, "changed view core_api.items (core_api/view/items.sql)  [2_views/core/items.sql]")
	require.Contains(t, out, "+comment on view core_api.items is 'by hand';")
	require.Contains(t, out, "drift: 1 object differs from a fresh build")

	dump := t.TempDir()
	code, out, errOut = runCmd(Dump, dump, "--db", url)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "dumped")
	b, err := os.ReadFile(filepath.Join(dump, "core_api", "view", "items.sql"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "create view core_api.items as\n"), string(b))

	// A deploy repairs the drift (the code is recreated) and verifies.
	code, out, errOut = runCmd(Deploy, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "deployed: 0 migrations applied")
	code, _, errOut = runCmd(Verify, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
}

// A database pg_cron does not run in is refused before anything is built:
// its schedules would never run, and the deploy would end in drift after
// building everything. Nothing is left behind.
func TestDeployRefusesADatabaseWithoutPgCron(t *testing.T) {
	t.Parallel()
	if !slices.Contains(pgcluster.DefaultPreload(), "pg_cron") {
		t.Skip("pg_cron is not installed here: the reference build has no schedules either")
	}
	url := newDB(t)
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range sample {
		files[k] = v
	}
	files["7_schedule/core/nightly.sql"] = "select core.schedule('core.nightly', '0 3 * * *', 'select 1');\n"
	writeFiles(t, dir, files)

	code, out, errOut := runCmd(Deploy, "--db", url, "--root", dir)
	require.Equal(t, 1, code, out)
	require.Contains(t, errOut, "thick deploy: refusing to deploy: 7_schedule schedules 1 job with pg_cron, and pg_cron runs in database \"postgres\" of this server (cron.database_name), not in ")
	conn := pgtest.Connect(t, url)
	var exists bool
	require.NoError(t, conn.QueryRow(context.Background(), "select to_regclass('core.items') is not null").Scan(&exists))
	require.False(t, exists, "nothing built")
}

// Every way shared_preload_libraries can name pg_cron loads it.
func TestNamesPgCron(t *testing.T) {
	for _, entry := range []string{"pg_cron", " pg_cron", "'$libdir/pg_cron'", "$libdir/pg_cron.so", `"/usr/lib/postgresql/15/lib/pg_cron.so"`} {
		require.True(t, namesPgCron(entry), entry)
	}
	for _, entry := range []string{"", "pg_stat_statements", "pg_cron_extra", "cron"} {
		require.False(t, namesPgCron(entry), entry)
	}
}
