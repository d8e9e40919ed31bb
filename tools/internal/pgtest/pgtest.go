// Package pgtest gives a test binary one throwaway PostgreSQL cluster, started
// from the machine's binaries, and each test a database of its own.
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, pgcluster.Options{}, nil)) }
//
//	url := pgtest.NewDB(t, "")   // empty database, dropped when the test ends
//	conn := pgtest.Connect(t, url)
package pgtest

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

var (
	cluster *pgcluster.Cluster
	seq     atomic.Int64
)

// Main starts a temporary cluster with opts (Temp is forced), runs setup on it
// when setup is not nil (a template database, say), runs the tests and stops
// the cluster, also on Ctrl-C. Missing server binaries fail the package with
// the command that installs them: a database test is never silently skipped.
func Main(m *testing.M, opts pgcluster.Options, setup func(context.Context, *pgcluster.Cluster) error) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := pgcluster.BinDir(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: no PostgreSQL server binaries (%v); run `make deps`\n", err)
		return 1
	}
	opts.Temp = true
	c, err := pgcluster.Start(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest: start throwaway cluster:", err)
		return 1
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	if setup != nil {
		if err := setup(ctx, c); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: setup:", err)
			return 1
		}
	}
	cluster = c
	return m.Run()
}

// Cluster is the package's throwaway cluster (nil outside Main).
func Cluster() *pgcluster.Cluster { return cluster }

var unsafe = regexp.MustCompile(`[^a-z0-9]+`)

// NewDB creates a database named after the test, cloned from template when
// it is not empty, drops it when the test ends, and returns its URL.
func NewDB(t testing.TB, template string) string {
	t.Helper()
	require.NotNil(t, cluster, "pgtest.NewDB outside pgtest.Main")
	ctx := context.Background()
	name := fmt.Sprintf("%.40s_%d", strings.Trim(unsafe.ReplaceAllString(strings.ToLower(t.Name()), "_"), "_"), seq.Add(1))
	sql := "create database " + pgx.Identifier{name}.Sanitize()
	if template != "" {
		sql += " template " + pgx.Identifier{template}.Sanitize()
	}
	admin := Connect(t, cluster.URL("postgres"))
	_, err := admin.Exec(ctx, sql)
	require.NoError(t, err, "create database %s", name)
	t.Cleanup(func() {
		a, err := pgx.Connect(context.Background(), cluster.URL("postgres"))
		if err != nil {
			return
		}
		defer a.Close(context.Background())
		_, _ = a.Exec(context.Background(), "drop database if exists "+pgx.Identifier{name}.Sanitize()+" with (force)")
	})
	return cluster.URL(name)
}

// Connect opens a connection that is closed when the test ends.
func Connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	require.NoError(t, err, "connect")
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// ProjectTree builds the project's own tree (root, a path the caller gives,
// the caller names) on a new database of the test cluster, as `thick rebuild`
// does, and returns the database's URL and a connection to it.
func ProjectTree(t testing.TB, root string) (url string, conn *pgx.Conn) {
	t.Helper()
	p, err := project.Load(root)
	if err != nil {
		t.Fatalf("load the project at %s: %v", root, err)
	}
	url = NewDB(t, "")
	conn = Connect(t, url)
	if _, err := build.Rebuild(context.Background(), conn, p, build.Options{}); err != nil {
		t.Fatalf("build the project at %s: %v", root, err)
	}
	return url, conn
}
