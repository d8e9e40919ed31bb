package pgcluster

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

func needBinaries(t *testing.T) {
	t.Helper()
	if _, err := BinDir(); err != nil {
		t.Skip(err)
	}
}

func alive(pid int) bool { return processAlive(pid) }

func TestTempClusterCleansUp(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	ctx := context.Background()
	c, err := Start(ctx, Options{Temp: true, Database: "scratch"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(ctx) })
	pid := c.PID()
	require.True(t, alive(pid), "server runs")
	require.True(t, strings.HasPrefix(c.Dir, os.TempDir()), c.Dir)

	conn, err := pgx.Connect(ctx, c.URL("scratch"))
	require.NoError(t, err)
	var settings []string
	rows, err := conn.Query(ctx, `select name || '=' || setting from pg_settings
		where name in ('fsync', 'full_page_writes', 'synchronous_commit', 'max_connections') order by name`)
	require.NoError(t, err)
	settings, err = pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{"fsync=off", "full_page_writes=off", "max_connections=200", "synchronous_commit=off"}, settings)
	if HasLibrary("pg_cron") {
		var preload, cronDB string
		require.NoError(t, conn.QueryRow(ctx, "select current_setting('shared_preload_libraries'), current_setting('cron.database_name')").Scan(&preload, &cronDB))
		require.Equal(t, "pg_cron", preload)
		require.Equal(t, "postgres", cronDB)
	}
	conn.Close(ctx)

	tcp, err := pgx.Connect(ctx, c.TCPURL("scratch"))
	require.NoError(t, err)
	tcp.Close(ctx)

	// Stop works with a cancelled context (the Ctrl-C path).
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.NoError(t, c.Stop(cancelled))
	require.False(t, alive(pid), "server gone")
	_, err = os.Stat(c.Dir)
	require.True(t, os.IsNotExist(err), "dir gone: %v", err)
}

func TestProjectCluster(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	ctx := context.Background()
	// The postgres user must reach the project when the test runs as root.
	// A space in the project's path reaches the socket directory and the URL.
	tmp := publicDir(t)
	root := filepath.Join(tmp, "my project")
	require.NoError(t, os.Mkdir(root, 0o755))

	c, err := Project(ctx, root, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	require.Equal(t, filepath.Join(root, ".thick", "data"), c.DataDir)
	port, err := os.ReadFile(filepath.Join(root, ".thick", "port"))
	require.NoError(t, err)
	require.NotZero(t, c.Port)
	require.Equal(t, c.Port, atoi(t, string(port)))

	conn, err := pgx.Connect(ctx, c.URL(DevDatabase))
	require.NoError(t, err)
	conn.Close(ctx)

	// Started again while running: same cluster, no error.
	again, err := Project(ctx, root, nil)
	require.NoError(t, err)
	require.Equal(t, c.Port, again.Port)
	pid := c.PID()
	require.True(t, alive(pid))

	// thick stop, then start on demand with the remembered port.
	opened, err := Open(ProjectDir(root))
	require.NoError(t, err)
	require.NoError(t, opened.Stop(ctx))
	require.False(t, alive(pid))
	require.False(t, opened.Running(ctx))
	_, err = os.Stat(c.DataDir)
	require.NoError(t, err, "a project cluster's data survives stop")

	restarted, err := Project(ctx, root, nil)
	require.NoError(t, err)
	require.Equal(t, c.Port, restarted.Port)
	require.True(t, restarted.Running(ctx))
}

// Started again while running with other settings (a newer thick's), the
// server's configuration is rewritten and reloaded; with the same ones it
// is left alone.
func TestStartReconfiguresARunningCluster(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	ctx := context.Background()
	tmp := publicDir(t)
	opts := func(workMem string) Options {
		return Options{Dir: filepath.Join(tmp, "c"), Settings: map[string]string{"work_mem": workMem}}
	}
	c, err := Start(ctx, opts("'8MB'"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	workMem := func() string {
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		require.NoError(t, err)
		defer conn.Close(ctx)
		var v string
		require.NoError(t, conn.QueryRow(ctx, "show work_mem").Scan(&v))
		return v
	}
	require.Equal(t, "8MB", workMem())
	pid := c.PID()
	conf := filepath.Join(c.DataDir, "thick.conf")
	before, err := os.Stat(conf)
	require.NoError(t, err)

	_, err = Start(ctx, opts("'8MB'"))
	require.NoError(t, err)
	same, err := os.Stat(conf)
	require.NoError(t, err)
	require.Equal(t, before.ModTime(), same.ModTime(), "the same settings: the file left alone")

	_, err = Start(ctx, opts("'16MB'"))
	require.NoError(t, err)
	deadline := time.Now().Add(10 * time.Second)
	for workMem() != "16MB" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	require.Equal(t, "16MB", workMem())
	require.Equal(t, pid, c.PID(), "reloaded, not restarted")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	for _, r := range strings.TrimSpace(s) {
		require.True(t, r >= '0' && r <= '9', s)
		n = n*10 + int(r-'0')
	}
	return n
}

func TestURLKeepsSpacesAndQuotes(t *testing.T) {
	t.Parallel()
	// url.Values.Encode writes a space as '+', which pgx reads back as a plus
	c := &Cluster{SocketDir: "/home/dev/my project/it's+1/.thick", Port: 5433}
	cfg, err := pgconn.ParseConfig(c.URL("thick dev"))
	require.NoError(t, err)
	require.Equal(t, c.SocketDir, cfg.Host)
	require.Equal(t, uint16(5433), cfg.Port)
	require.Equal(t, "thick dev", cfg.Database)
}

func TestSocketDir(t *testing.T) {
	t.Parallel()
	require.Equal(t, "/home/dev/project/.thick", socketDir("/home/dev/project/.thick"))
	long := "/" + strings.Repeat("x", 90) + "/.thick"
	got := socketDir(long)
	require.True(t, strings.HasPrefix(got, "/tmp/thick-"), got)
	require.Equal(t, got, socketDir(long), "stable")
	require.LessOrEqual(t, len(got)+len("/.s.PGSQL.65535"), 100)
}

func TestOpenWithoutCluster(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	_, err := Open(t.TempDir())
	require.ErrorContains(t, err, "no cluster")
}

// TestTempClusterRemovedOnInterrupt runs a child process that follows the
// documented pattern (signal.NotifyContext, defer Stop), interrupts it as
// Ctrl-C would, and checks that the server and its directory are gone.
func TestTempClusterRemovedOnInterrupt(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	if os.Getenv("PGCLUSTER_CHILD") == "1" {
		t.Skip("child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PGCLUSTER_CHILD=1")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	var dir string
	var pid int
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "READY %s %d", &dir, &pid); err == nil {
			break
		}
	}
	require.NotEmpty(t, dir, "child never became ready")
	require.True(t, alive(pid))
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	require.NoError(t, cmd.Wait())
	require.False(t, alive(pid), "server gone")
	_, err = os.Stat(dir)
	require.True(t, os.IsNotExist(err), "dir gone: %v", err)
}

func TestInterruptChild(t *testing.T) {
	if os.Getenv("PGCLUSTER_CHILD") != "1" {
		t.Skip("run by TestTempClusterRemovedOnInterrupt")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c, err := Start(ctx, Options{Temp: true})
	require.NoError(t, err)
	defer c.Stop(ctx)
	fmt.Printf("READY %s %d\n", c.Dir, c.PID())
	<-ctx.Done()
}
