package pgdocker_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgdocker"
)

func TestAvailableWithoutEngine(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix://"+filepath.Join(t.TempDir(), "missing.sock"))
	t.Setenv("HOME", t.TempDir())
	host, err := pgdocker.Available(context.Background())
	if err == nil {
		// a real engine on a default socket answered; still a valid outcome
		require.NotContains(t, host, "missing.sock")
		return
	}
	require.Contains(t, err.Error(), "missing.sock")
}

func TestAvailableWithFakeEngine(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "d.sock")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_ping" {
			_, _ = w.Write([]byte("OK"))
			return
		}
		http.NotFound(w, r)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })

	t.Setenv("DOCKER_HOST", "unix://"+sock)
	host, err := pgdocker.Available(context.Background())
	require.NoError(t, err)
	require.Equal(t, "unix://"+sock, host)
}

func TestImageTag(t *testing.T) {
	t.Parallel()
	tag := pgdocker.ImageTag()
	require.True(t, strings.HasPrefix(tag, pgdocker.Repo+":15-"), tag)
}

// TestStart runs only where a Docker engine answers; it builds the image on
// first use, which takes a while once.
func TestStart(t *testing.T) {
	ctx := context.Background()
	if _, err := pgdocker.Available(ctx); err != nil {
		t.Skip("no Docker engine: " + err.Error())
	}
	c, err := pgdocker.Start(ctx, pgdocker.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Stop(ctx)) })

	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	require.NoError(t, err)
	defer conn.Close(ctx)
	var n int
	require.NoError(t, conn.QueryRow(ctx,
		`select count(*) from pg_available_extensions where name in ('pgtap', 'pg_cron', 'plpgsql_check')`).Scan(&n))
	if c.Image == pgdocker.ImageTag() {
		require.Equal(t, 3, n)
	}
}
