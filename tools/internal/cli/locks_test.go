package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgtest"
)

// holdLock opens a transaction that holds core.items, as a forgotten psql
// session would, and returns its connection and backend pid.
func holdLock(t *testing.T, url string) (*pgx.Conn, uint32) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(url)
	require.NoError(t, err)
	cfg.RuntimeParams["application_name"] = "forgotten-psql"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	_, err = conn.Exec(ctx, "begin")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "lock table core.items in access share mode")
	require.NoError(t, err)
	return conn, conn.PgConn().PID()
}

// A rebuild waiting on a lock says who holds it, and --lock-timeout gives up
// with that message, rolled back.
func TestRebuildLockTimeoutSaysWhoHoldsTheLock(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	code, _, errOut := runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	_, pid := holdLock(t, url)

	t0 := time.Now()
	// --full: an in-place reload of the unchanged files would not touch core.items
	code, _, errOut = runCmd(Rebuild, "--db", url, "--root", dir, "--full", "--lock-timeout", "2500ms")
	t.Log(errOut)
	require.Equal(t, 1, code)
	require.Less(t, time.Since(t0), 20*time.Second)
	held := fmt.Sprintf("pid %d (application forgotten-psql, user ", pid)
	require.Contains(t, errOut, "thick rebuild: waiting for a lock held by "+held)
	require.Contains(t, errOut, "idle in transaction since ")
	require.Contains(t, errOut, "last query: lock table core.items in access share mode")
	require.Contains(t, errOut, "55P03")
	require.Contains(t, errOut, "lock held by "+held)
	require.Contains(t, errOut, "rolled back, the database is unchanged")
}

// Without a timeout it keeps waiting, says so, and finishes once the lock is
// released.
func TestRebuildWaitsForALockAndSaysSo(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	code, _, errOut := runCmd(Rebuild, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)
	holder, pid := holdLock(t, url)

	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- Rebuild(context.Background(), []string{"--db", url, "--root", dir, "--full"}, &out, &errb)
	}()
	waitFor(t, &errb, fmt.Sprintf("waiting for a lock held by pid %d ", pid), 1)
	select {
	case <-done:
		t.Fatal("the rebuild did not wait")
	default:
	}
	_, err := holder.Exec(context.Background(), "rollback")
	require.NoError(t, err)
	select {
	case code := <-done:
		require.Equal(t, 0, code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("the rebuild did not finish after the lock was released")
	}
	require.Equal(t, 1, strings.Count(errb.String(), "waiting for a lock"), "said once while the holder stayed the same")
	require.Contains(t, out.String(), "total")
}

// A rebuild that the server rolls back for a deadlock with another session
// (a pg_cron job refreshing a report as the rebuild drops it) runs again,
// says why, and builds. Here the other session holds advisory lock 2 and
// asks for lock 1, which the build took before it asks for lock 2; the
// build's session finds the deadlock (10 ms, against the other's minute).
func TestRebuildRunsAgainAfterADeadlock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, sample)
	writeFiles(t, dir, map[string]string{"0_tables/core/001_lock.sql": "set local deadlock_timeout = '10ms';\n" +
		"select pg_advisory_xact_lock(4242, 1);\nselect pg_sleep(0.3);\nselect pg_advisory_xact_lock(4242, 2);\n"})
	other, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer other.Close(ctx)
	_, err = other.Exec(ctx, "set deadlock_timeout = '60s'")
	require.NoError(t, err)
	_, err = other.Exec(ctx, "select pg_advisory_lock(4242, 2)")
	require.NoError(t, err)

	var out, errb syncBuffer
	done := make(chan int)
	go func() { done <- Rebuild(ctx, []string{"--db", url, "--root", dir}, &out, &errb) }()
	require.Eventually(t, func() bool {
		var held bool
		err := other.QueryRow(ctx, `select exists (select from pg_locks where locktype = 'advisory' and classid = 4242 and objid = 1
			and granted and pid <> pg_backend_pid())`).Scan(&held)
		return err == nil && held
	}, 20*time.Second, 5*time.Millisecond, "the build takes lock 1")
	// waits until the build, rolled back, lets go of lock 1
	_, err = other.Exec(ctx, "select pg_advisory_lock(4242, 1)")
	require.NoError(t, err, "the other session is not the one the server rolls back")
	_, err = other.Exec(ctx, "select pg_advisory_unlock_all()")
	require.NoError(t, err)

	select {
	case code := <-done:
		require.Equal(t, 0, code, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("the rebuild did not finish")
	}
	require.Contains(t, errb.String(), "0_tables/core/001_lock.sql:4:1: ERROR 40P01: deadlock detected (with another session: a pg_cron job?); rolled back, running it again\n")
	require.Equal(t, 1, strings.Count(errb.String(), "running it again"))
	require.Contains(t, out.String(), "total")
	var n int
	require.NoError(t, other.QueryRow(ctx, "select count(*) from core.items").Scan(&n))
	require.Equal(t, 2, n, "built, seed included")
}

// A deploy waiting for a lock on a table it alters gives up after the
// default --lock-timeout (the application's queries on the table queue
// behind it meanwhile), names who holds the lock, and rolls back.
func TestDeployLockTimeoutSaysWhoHoldsTheLock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := newDB(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"0_tables/core/000_schema.sql": sample["0_tables/core/000_schema.sql"],
		"2_views/core/items.sql":       sample["2_views/core/items.sql"],
	})
	code, _, errOut := runCmd(Deploy, "--db", url, "--root", dir)
	require.Equal(t, 0, code, errOut)

	// The next release adds a column; a forgotten session reads the table.
	writeFiles(t, dir, map[string]string{
		"0_tables/core/000_schema.sql":  "create schema core;\ncreate table core.items (id int primary key, qty int not null, note text);\n",
		"migrations/0001_item_note.sql": "alter table core.items add column note text;\n",
	})
	_, pid := holdLock(t, url)

	t0 := time.Now()
	code, out, errOut := runCmd(Deploy, "--db", url, "--root", dir)
	took := time.Since(t0)
	t.Log(out, errOut)
	require.Equal(t, 1, code)
	require.GreaterOrEqual(t, took, DefaultDeployLockTimeout, "the default timeout")
	require.Less(t, took, DefaultDeployLockTimeout+30*time.Second)
	held := fmt.Sprintf("pid %d (application forgotten-psql, user ", pid)
	require.Contains(t, out, "thick deploy: waiting for a lock held by "+held)
	require.Contains(t, errOut, "migrations/0001_item_note.sql:1:1: ERROR 55P03")
	require.Contains(t, errOut, "lock held by: "+held)
	require.Contains(t, errOut, "last query: lock table core.items in access share mode")
	require.Contains(t, errOut, "thick deploy: gave up waiting for the lock (--lock-timeout); rolled back, the database is unchanged")

	// Unchanged: no column, no migration recorded, the view still there.
	check := pgtest.Connect(t, url)
	var note, applied, view bool
	require.NoError(t, check.QueryRow(ctx, `select
		exists (select from pg_attribute where attrelid = 'core.items'::regclass and attname = 'note'),
		exists (select from thick.migrations where applied),
		to_regclass('core_api.items') is not null`).Scan(&note, &applied, &view))
	require.False(t, note)
	require.False(t, applied)
	require.True(t, view)
}
