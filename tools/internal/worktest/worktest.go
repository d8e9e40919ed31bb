// Package worktest is what the workers' integration tests share: a
// throwaway cluster with a template database built from the project's core
// files, a login role that is a member of worker (as a deployment's worker
// connects), per-test databases, job helpers, and re-running the test
// binary as a worker process that a test can kill or signal.
package worktest

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
	"thick/tools/internal/worker"
)

// Template is the template database holding the core build.
const Template = "workers_template"

// LoginRole is the login role the tests' workers connect as: a member of
// worker, nothing more.
const LoginRole = "thick_test_worker"

// ChildEnv names the environment variable that turns the test binary into a
// worker process (its value is the queue).
const ChildEnv = "THICK_WORKTEST_CHILD"

// Main runs the package's tests on a throwaway cluster; when the binary was
// started by StartChild it runs child instead, as a worker process. Call it
// from TestMain.
func Main(m *testing.M, child func() int) int {
	if os.Getenv(ChildEnv) != "" {
		return child()
	}
	return pgtest.Main(m, pgcluster.Options{Preload: []string{}, Database: Template},
		func(ctx context.Context, c *pgcluster.Cluster) error { return Setup(ctx, c.URL(Template)) })
}

// Setup builds the core files into the database at url and creates
// LoginRole.
func Setup(ctx context.Context, url string) error {
	if err := BuildCore(ctx, url); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		do $$
		begin
		    if not exists (select from pg_catalog.pg_roles where rolname = '`+LoginRole+`') then
		        create role `+LoginRole+` login inherit;
		    end if;
		end
		$$;
		grant worker to `+LoginRole)
	return err
}

// BuildCore runs the project's core files (every numbered folder's core/)
// into the database at url, as thick rebuild does.
func BuildCore(ctx context.Context, url string) error {
	root, err := projectRoot()
	if err != nil {
		return err
	}
	p, err := project.Load(root)
	if err != nil {
		return err
	}
	var core []*project.File
	for _, f := range p.Files {
		if strings.Contains(f.Path, "/core/") {
			core = append(core, f)
		}
	}
	p.Files = core
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := build.Rebuild(ctx, conn, p, build.Options{}); err != nil {
		var se *build.SQLError
		if errors.As(err, &se) {
			return errors.New(se.Format(false))
		}
		return err
	}
	return nil
}

// projectRoot is the directory holding go.mod, upwards from the test's
// working directory.
func projectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// DB is one test's database.
type DB struct {
	AdminURL  string // as the superuser
	WorkerURL string // as LoginRole
	Admin     *pgx.Conn
}

// NewDB clones the template into a database of the test's own.
func NewDB(t testing.TB) *DB {
	t.Helper()
	admin := pgtest.NewDB(t, Template)
	return &DB{AdminURL: admin, WorkerURL: AsRole(admin, LoginRole), Admin: pgtest.Connect(t, admin)}
}

// AsRole returns url with its user replaced by role.
func AsRole(raw, role string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	u.User = url.User(role)
	return u.String()
}

// Tenant creates a tenant of app and returns its id.
func (d *DB) Tenant(t testing.TB, app, name string) string {
	t.Helper()
	var id string
	require.NoError(t, d.Admin.QueryRow(context.Background(),
		`insert into core.tenants (app, name) values ($1, $2) returning id::text`, app, name).Scan(&id))
	return id
}

// Enqueue queues a job with core.enqueue, under tenant when not empty.
func (d *DB) Enqueue(t testing.TB, kind string, payload any, tenant string) int64 {
	t.Helper()
	raw, err := json.Marshal(payload)
	require.NoError(t, err)
	var tid *string
	if tenant != "" {
		tid = &tenant
	}
	var id int64
	require.NoError(t, d.Admin.QueryRow(context.Background(),
		`select core.enqueue(kind => $1, payload => $2::jsonb, tenant_id => $3::uuid)`, kind, string(raw), tid).Scan(&id),
		"enqueue %s", kind)
	return id
}

// Job is a job's state as the tests read it.
type Job struct {
	State     string
	Attempt   int
	LockedBy  string
	LastError string
}

// Job reads job id.
func (d *DB) Job(t testing.TB, id int64) Job {
	t.Helper()
	var j Job
	require.NoError(t, d.Admin.QueryRow(context.Background(), `
		select state, attempt, coalesce(locked_by, ''), coalesce(last_error, '')
		from core.jobs where id = $1`, id).Scan(&j.State, &j.Attempt, &j.LockedBy, &j.LastError))
	return j
}

// WaitJob waits until job id is in state (done, dead, pending...) and
// returns it; it fails the test after timeout.
func (d *DB) WaitJob(t testing.TB, id int64, state string, timeout time.Duration) Job {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		j := d.Job(t, id)
		if j.State == state {
			return j
		}
		if time.Now().After(deadline) {
			require.Failf(t, "job not in state", "job %d is %+v after %s, want state %s", id, j, timeout, state)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Count returns the number of jobs in state.
func (d *DB) Count(t testing.TB, state string) int {
	t.Helper()
	var n int
	require.NoError(t, d.Admin.QueryRow(context.Background(), `select count(*) from core.jobs where state = $1`, state).Scan(&n))
	return n
}

// Start runs a worker with cfg (DatabaseURL defaults to the test's worker
// URL) until the test ends; setup registers its handlers.
func Start(t testing.TB, cfg worker.Config, setup func(w *worker.Worker)) *worker.Worker {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w, err := worker.New(ctx, cfg)
	require.NoError(t, err)
	if setup != nil {
		setup(w)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		w.Close()
	})
	return w
}

// Child is a worker process: the test binary run again as a worker.
type Child struct {
	Cmd    *exec.Cmd
	Output *Buffer
	done   chan error
}

// StartChild runs the test binary as a worker of queue with the given
// environment (DATABASE_URL and the rest); the binary's TestMain hands it to
// its child function. The process is killed when the test ends.
func StartChild(t testing.TB, queue string, env ...string) *Child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), ChildEnv+"="+queue)
	cmd.Env = append(cmd.Env, env...)
	out := &Buffer{}
	cmd.Stdout = out
	cmd.Stderr = out
	require.NoError(t, cmd.Start())
	c := &Child{Cmd: cmd, Output: out, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.done
		if t.Failed() {
			t.Logf("worker process output:\n%s", c.Output.String())
		}
	})
	return c
}

// Signal sends sig to the worker process.
func (c *Child) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, c.Cmd.Process.Signal(sig))
}

// Wait waits for the process to exit and returns its exit code (-1 when
// killed by a signal); it fails the test after timeout.
func (c *Child) Wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
		c.done <- nil // for the cleanup
		return c.Cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		require.FailNow(t, "worker process did not exit", "after %s", timeout)
		return 0
	}
}

// Buffer is a goroutine-safe output buffer.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Env returns the environment variables of a worker process for db.
func (d *DB) Env(extra ...string) []string {
	return append([]string{"DATABASE_URL=" + d.WorkerURL, "WORKER_HTTP_ADDR=127.0.0.1:0"}, extra...)
}
