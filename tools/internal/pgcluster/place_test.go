package pgcluster

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("only a root thick hands the cluster to the postgres OS user")
	}
}

// publicDir returns a temporary directory the postgres OS user can reach.
func publicDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	require.NoError(t, os.Chmod(d, 0o755))
	require.NoError(t, os.Chmod(filepath.Dir(d), 0o755))
	return d
}

// A project under a directory the postgres user cannot search (root's
// private home, t.TempDir's 0700 parent) gets its cluster under SharedHome,
// tied to the project, without anyone running chmod.
func TestProjectClusterUnderPrivateDir(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	needRoot(t)
	ctx := context.Background()
	private := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(private), 0o700))
	root := filepath.Join(private, "project")
	require.NoError(t, os.Mkdir(root, 0o700))

	c, err := Project(ctx, root, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = c.Stop(context.Background())
		_ = os.RemoveAll(c.Dir)
	})
	require.True(t, strings.HasPrefix(c.Dir, SharedHome+"/project-"), c.Dir)
	require.Equal(t, c.Dir, ProjectDir(root), "the same home every time")
	link, err := os.Readlink(filepath.Join(root, ".thick", "cluster"))
	require.NoError(t, err)
	require.Equal(t, c.Dir, link)
	conn, err := pgx.Connect(ctx, c.URL(DevDatabase))
	require.NoError(t, err)
	conn.Close(ctx)

	// another project gets another home
	other := filepath.Join(private, "other")
	require.NoError(t, os.Mkdir(other, 0o700))
	require.NotEqual(t, ProjectDir(root), ProjectDir(other))

	opened, err := Open(ProjectDir(root))
	require.NoError(t, err)
	require.True(t, opened.Running(ctx))
	require.NoError(t, opened.Stop(ctx))
}

// A temporary cluster works when TMPDIR is out of the postgres user's reach.
// Not parallel: it sets TMPDIR.
func TestTempClusterWithPrivateTMPDIR(t *testing.T) {
	needBinaries(t)
	needRoot(t)
	private := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(private), 0o700))
	t.Setenv("TMPDIR", private)
	ctx := context.Background()
	c, err := Start(ctx, Options{Temp: true})
	require.NoError(t, err)
	defer c.Stop(ctx)
	require.False(t, strings.HasPrefix(c.Dir, private), c.Dir)
	require.True(t, c.Running(ctx))
}

// startStranger starts a process that is not a postmaster, owned by the
// user the server runs as, and returns it.
func startStranger(t *testing.T) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if uid, gid, asRoot, err := serverUser(); err == nil && asRoot {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// thick stop with a stale postmaster.pid naming a live process of the
// postgres user signals nothing; the next start succeeds.
func TestStalePostmasterPid(t *testing.T) {
	t.Parallel()
	needBinaries(t)
	ctx := context.Background()
	root := publicDir(t)
	c, err := Project(ctx, root, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	require.NoError(t, c.Stop(ctx))

	stranger := startStranger(t)
	pidFile := filepath.Join(c.DataDir, "postmaster.pid")
	require.NoError(t, os.WriteFile(pidFile, fmt.Appendf(nil, "%d\n%s\n", stranger.Process.Pid, c.DataDir), 0o600))
	require.NoError(t, c.chown(pidFile))

	opened, err := Open(ProjectDir(root))
	require.NoError(t, err)
	require.False(t, opened.Running(ctx), "a stale pid is not our server")
	require.NoError(t, opened.Stop(ctx))
	time.Sleep(200 * time.Millisecond)
	require.True(t, alive(stranger.Process.Pid), "the process that now has the pid was not signalled")

	again, err := Project(ctx, root, nil)
	require.NoError(t, err, "starts beside the stale file")
	require.True(t, again.Running(ctx))
	require.NotEqual(t, stranger.Process.Pid, again.PID())
	require.NoError(t, again.Stop(ctx))
	require.True(t, alive(stranger.Process.Pid))
}

// A thick killed with -9 leaves its temporary cluster running; the next
// temporary cluster made in the same place reaps it, and only it.
func TestOrphanedTempClusterReaped(t *testing.T) {
	needBinaries(t)
	if os.Getenv("PGCLUSTER_ORPHAN") == "1" {
		t.Skip("child")
	}
	tmp := publicDir(t)
	t.Setenv("TMPDIR", tmp)
	// a directory of another kind of maker (no owner file) is never touched
	foreign := filepath.Join(tmp, "thick-pg-foreign")
	require.NoError(t, os.Mkdir(foreign, 0o755))

	cmd := exec.Command(os.Args[0], "-test.run=^TestOrphanChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PGCLUSTER_ORPHAN=1")
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
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	require.NotEmpty(t, dir, "child never became ready")
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	require.True(t, alive(pid), "the orphan still runs")

	ctx := context.Background()
	c, err := Start(ctx, Options{Temp: true})
	require.NoError(t, err)
	defer c.Stop(ctx)
	waitGone(pid, 5*time.Second)
	require.False(t, alive(pid), "the orphan's server was stopped")
	_, err = os.Stat(dir)
	require.True(t, os.IsNotExist(err), "the orphan's directory was removed: %v", err)
	_, err = os.Stat(foreign)
	require.NoError(t, err)
	require.True(t, c.Running(ctx))
}

func TestOrphanChild(t *testing.T) {
	if os.Getenv("PGCLUSTER_ORPHAN") != "1" {
		t.Skip("run by TestOrphanedTempClusterReaped")
	}
	c, err := Start(context.Background(), Options{Temp: true})
	require.NoError(t, err)
	fmt.Printf("READY %s %d\n", c.Dir, c.PID())
	time.Sleep(time.Minute)
}
