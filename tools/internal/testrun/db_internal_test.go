package testrun

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

func TestSettingValue(t *testing.T) {
	t.Parallel()
	require.Equal(t, `'$user', 'public', 'a b', 'We''ird"x'`,
		settingValue("search_path", `"$user", public, "a b", "We'ird""x"`))
	require.Equal(t, `'crm_api', 'core'`, settingValue("search_path", "crm_api, core"))
	require.Equal(t, `''`, settingValue("search_path", ""))
	require.Equal(t, `'it''s, secret'`, settingValue("app.jwt_secret", "it's, secret"))
}

func TestParseServerVersion(t *testing.T) {
	t.Parallel()
	require.Equal(t, 150004, parseServerVersion("15.4"))
	require.Equal(t, 150014, parseServerVersion("15.14 (Debian 15.14-0+deb12u1)"))
	require.Equal(t, 140000, parseServerVersion("14beta2"))
	require.Equal(t, 170000, parseServerVersion("17"))
	require.Equal(t, 0, parseServerVersion(""))
}

func TestIsCommit(t *testing.T) {
	t.Parallel()
	require.True(t, isCommit("-- thick: commit\nbegin;"))
	require.True(t, isCommit("--  THICK: COMMIT  \r\n"))
	require.False(t, isCommit("begin;\n-- thick: commit\n"))
}

// waitUnused returns as soon as the last other session has left the
// database, and says so; while one stays, it gives up at its limit.
func TestWaitUnused(t *testing.T) {
	ctx := context.Background()
	srv, admin := testServer(t)
	_, err := admin.Exec(ctx, "create database waited_on")
	require.NoError(t, err)
	require.True(t, waitUnused(ctx, admin, "waited_on", time.Second), "nobody is connected")

	other, err := pgx.Connect(ctx, srv.URL("waited_on"))
	require.NoError(t, err)
	start := time.Now()
	require.False(t, waitUnused(ctx, admin, "waited_on", 50*time.Millisecond), "a session is connected")
	require.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond, "it waited for the session up to its limit")

	require.NoError(t, other.Close(ctx))
	require.True(t, waitUnused(ctx, admin, "waited_on", 10*time.Second), "the session left")
	require.NoError(t, renameDatabase(ctx, admin, "waited_on", "renamed"), "and the database is renamed at once")
}

// testServer starts a throwaway local server for the test and connects to
// its postgres database; both end with the test.
func testServer(t *testing.T) (Server, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	srv, err := StartServer(ctx, "local", io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close(context.Background()) })
	return srv, admin
}

// The files' sessions take the server's lock-wait messages (locks.go)
// unless the server logs every statement, whose lines would come too.
func TestTuneTakesLockWaitMessages(t *testing.T) {
	ctx := context.Background()
	srv, _ := testServer(t)
	conn, err := pgconn.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer conn.Close(ctx)
	setting := func(name string) string {
		results, err := conn.Exec(ctx, "show "+name).ReadAll()
		require.NoError(t, err)
		return string(results[0].Rows[0][0])
	}
	tune(ctx, conn)
	require.Equal(t, "log", setting("client_min_messages"))
	require.Equal(t, "on", setting("log_lock_waits"))
	require.Equal(t, fileDeadlockTimeout, setting("deadlock_timeout"))
	for _, logs := range []string{"log_min_duration_statement = 0", "log_statement = 'all'", "log_duration = on"} {
		_, err := conn.Exec(ctx, "reset all; set "+logs).ReadAll()
		require.NoError(t, err)
		tune(ctx, conn)
		require.Equal(t, "notice", setting("client_min_messages"), logs)
	}
}

// A watch's kept admin connection is taken again only for the same server,
// and without the cache's lock a run interrupted while holding it left.
func TestKeptAdmin(t *testing.T) {
	ctx := context.Background()
	srv, _ := testServer(t)
	url := srv.URL("postgres")
	admin, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "select pg_catalog.pg_advisory_lock($1)", cacheLockKey)
	require.NoError(t, err)
	k := NewKept()
	k.keepAdmin(ctx, admin, url)
	require.Same(t, admin, k.takeAdmin(ctx, url), "the kept connection, taken again")
	other, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer other.Close(ctx)
	var free bool
	require.NoError(t, other.QueryRow(ctx, "select pg_catalog.pg_try_advisory_lock($1)", cacheLockKey).Scan(&free))
	require.True(t, free, "the cache's lock it held is let go")
	k.keepAdmin(ctx, admin, url)
	require.Nil(t, k.takeAdmin(ctx, url+"&application_name=another"), "another server's URL: not taken")
	require.True(t, admin.IsClosed(), "and closed")
	require.Nil(t, k.takeAdmin(ctx, url), "nothing kept any more")
}
