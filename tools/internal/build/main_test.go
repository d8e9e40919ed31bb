package build_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// cluster is one throwaway server shared by the package's tests; each test
// gets its own database.
var cluster *pgcluster.Cluster

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := pgcluster.BinDir(); err == nil {
		c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, "start test cluster:", err)
			return 1
		}
		cluster = c
		defer c.Stop(ctx)
	}
	return m.Run()
}

var dbSeq atomic.Int64

// newDB creates an empty database and returns a connection to it.
func newDB(t *testing.T) *pgx.Conn {
	t.Helper()
	if cluster == nil {
		t.Skip("no PostgreSQL binaries")
	}
	ctx := context.Background()
	name := fmt.Sprintf("t%d", dbSeq.Add(1))
	admin, err := pgx.Connect(ctx, cluster.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "create database "+name)
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, cluster.URL(name))
	require.NoError(t, err)
	t.Cleanup(func() {
		conn.Close(ctx)
		_, _ = admin.Exec(ctx, "drop database "+name+" with (force)")
		admin.Close(ctx)
	})
	return conn
}

// writeProject writes files (relative path to content) under a temporary
// root and loads the project.
func writeProject(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	p, err := project.Load(dir)
	require.NoError(t, err)
	return p
}
