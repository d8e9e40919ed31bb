package worker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

func TestMain(m *testing.M) { os.Exit(worktest.Main(m, child)) }

// testPayload drives testHandler: how long a job takes, or whether it
// blocks until its context ends.
type testPayload struct {
	SleepMS int  `json:"sleep_ms"`
	Block   bool `json:"block"`
	Fail    bool `json:"fail"`
	Stuck   bool `json:"stuck"` // blocks, ignoring its context
	// Gate names a file: the job runs until the test creates it (a
	// worker process and the test share only the file system).
	Gate string `json:"gate"`
	// Started names a file the handler creates as it begins: a job's state
	// is running from its claim on, before its handler is called, and a
	// SIGTERM between the two releases the job unstarted ("claimed as the
	// shutdown began"), which is not what the SIGTERM tests are about.
	Started string `json:"started"`
}

// started waits until the handler given path as its Started file has begun.
func started(t *testing.T, path string) {
	t.Helper()
	waitFor(t, "the handler begins", func() bool {
		_, err := os.Stat(path)
		return err == nil
	})
}

// testHandler is the mailer.test kind's handler in these tests.
func testHandler(ctx context.Context, job worker.Job) error {
	var p testPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return worker.Permanent(err)
	}
	if p.Started != "" {
		if err := os.WriteFile(p.Started, nil, 0o644); err != nil {
			return err
		}
	}
	if p.Fail {
		return fmt.Errorf("told to fail")
	}
	if p.Stuck {
		select {}
	}
	if p.Block {
		<-ctx.Done()
		return context.Cause(ctx)
	}
	for p.Gate != "" {
		if _, err := os.Stat(p.Gate); err == nil {
			return nil
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	select {
	case <-time.After(time.Duration(p.SleepMS) * time.Millisecond):
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// child is the worker process of the kill and SIGTERM tests: the mailer
// queue with testHandler, configured by the environment like the commands.
func child() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	return worker.Command(ctx, "mailer", os.Getenv, os.Stderr, func(_ func(string) string, w *worker.Worker) error {
		w.Handle("mailer.test", testHandler)
		return nil
	})
}

func config(d *worktest.DB) worker.Config {
	return worker.Config{
		Queue:        "mailer",
		DatabaseURL:  d.WorkerURL,
		Concurrency:  4,
		Lease:        10 * time.Second,
		PollInterval: time.Minute, // tests that rely on the poll say so
	}
}

func withTestHandler(w *worker.Worker) { w.Handle("mailer.test", testHandler) }

// A notification wakes an idle worker at once (the poll is a minute away).
func TestNotificationWakesWorker(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	w := worktest.Start(t, config(d), withTestHandler)
	waitFor(t, "the listener is up", func() bool { return w.Metrics().Snapshot().Listens >= 1 })

	start := time.Now()
	id := d.Enqueue(t, "mailer.test", testPayload{}, "")
	j := d.WaitJob(t, id, "done", 5*time.Second)
	require.Less(t, time.Since(start), 5*time.Second)
	require.Equal(t, 1, j.Attempt)
	// the counters follow the database's record
	waitFor(t, "the completion is counted", func() bool { return w.Metrics().Snapshot().Done == 1 })
	waitFor(t, "the notification is counted", func() bool { return w.Metrics().Snapshot().Notifications >= 1 })
	s := w.Metrics().Snapshot()
	require.Equal(t, int64(1), s.Done)
	require.False(t, s.LastSuccess.IsZero(), "the last success is recorded")
}

// Jobs enqueued before the worker starts are drained at start.
func TestBacklogDrainedAtStart(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	var ids []int64
	for range 25 {
		ids = append(ids, d.Enqueue(t, "mailer.test", testPayload{}, ""))
	}
	worktest.Start(t, config(d), withTestHandler)
	for _, id := range ids {
		d.WaitJob(t, id, "done", 10*time.Second)
	}
}

// The listening connection killed: the listener reconnects after about a
// second, drains the backlog, and no job enqueued meanwhile is missed
// (the poll is a minute away, so only the reconnect can find them).
func TestListenerKilledReconnectsAndCatchesUp(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	cfg := config(d)
	cfg.Name = "listener-kill"
	w := worktest.Start(t, cfg, withTestHandler)
	waitFor(t, "the listener is up", func() bool { return w.Metrics().Snapshot().Listens >= 1 })

	// pg_terminate_backend only signals the backend unless given a
	// timeout: wait until it is gone, or the jobs below could still be
	// notified on the old connection and done before any reconnect
	var killed int
	require.NoError(t, d.Admin.QueryRow(context.Background(), `
		select count(*) filter (where t) from (
		    select pg_terminate_backend(pid, 10000) as t from pg_stat_activity
		    where application_name = 'listener-kill listener' and datname = current_database()) as t`).Scan(&killed))
	require.Equal(t, 1, killed, "the listening connection was terminated")
	// enqueued while nobody listens: their notifications are lost, and only
	// the drain after the reconnect can find them
	var ids []int64
	for range 5 {
		ids = append(ids, d.Enqueue(t, "mailer.test", testPayload{}, ""))
	}
	for _, id := range ids {
		d.WaitJob(t, id, "done", 10*time.Second)
	}
	s := w.Metrics().Snapshot()
	require.GreaterOrEqual(t, s.Listens, int64(2), "the listener reconnected")
	require.GreaterOrEqual(t, s.ListenErrors, int64(1), "the lost connection was noticed")

	// and it listens again: a new job wakes it
	id := d.Enqueue(t, "mailer.test", testPayload{}, "")
	d.WaitJob(t, id, "done", 5*time.Second)
}

// A lost notification delays a job by at most the poll interval.
func TestPollFindsJobWithoutNotification(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	cfg := config(d)
	cfg.PollInterval = 300 * time.Millisecond
	w := worktest.Start(t, cfg, withTestHandler)
	waitFor(t, "the listener is up", func() bool { return w.Metrics().Snapshot().Listens >= 1 })

	_, err := d.Admin.Exec(context.Background(), `alter table core.jobs disable trigger jobs_notify`)
	require.NoError(t, err)
	id := d.Enqueue(t, "mailer.test", testPayload{}, "")
	d.WaitJob(t, id, "done", 5*time.Second)
	require.Zero(t, w.Metrics().Snapshot().Notifications, "no notification was sent: the poll found the job")
}

// A kind no handler knows is failed with a clear error, retried by the
// database, then dead: never dropped, never looped.
func TestUnknownKindFailsThenDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	id := d.Enqueue(t, "mailer.nonesuch", map[string]any{"app": "crm"}, "")
	_, err := d.Admin.Exec(context.Background(), `update core.jobs set max_attempts = 2 where id = $1`, id)
	require.NoError(t, err)
	cfg := config(d)
	cfg.PollInterval = 200 * time.Millisecond
	w := worktest.Start(t, cfg, withTestHandler)

	j := d.WaitJob(t, id, "dead", 10*time.Second)
	require.Equal(t, 2, j.Attempt, "dead after its two attempts")
	require.Contains(t, j.LastError, `no handler for job kind "mailer.nonesuch"`)
	waitFor(t, "the death is counted", func() bool { return w.Metrics().Snapshot().Dead == 1 })
	s := w.Metrics().Snapshot()
	require.Equal(t, int64(2), s.Failed)
	require.Equal(t, int64(1), s.Retried)
	require.Equal(t, int64(1), s.Dead)
	require.Zero(t, s.Done)
}

// A handler that panics does not take the worker down, and its job is dead
// at once with the panic as its error: the same payload would panic again.
func TestPanicDeadAtOnce(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	cfg := config(d)
	cfg.PollInterval = 200 * time.Millisecond
	worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.panics", func(ctx context.Context, job worker.Job) error {
			var table []int
			_ = table[job.ID] // index out of range
			return nil
		})
		w.Handle("mailer.fine", func(ctx context.Context, job worker.Job) error { return nil })
	})
	panics := d.Enqueue(t, "mailer.panics", map[string]any{}, "")
	j := d.WaitJob(t, panics, "dead", 10*time.Second)
	require.Equal(t, 1, j.Attempt, "no attempt is spent again on a panic")
	require.Contains(t, j.LastError, "handler panic: runtime error: index out of range")
	fine := d.Enqueue(t, "mailer.fine", map[string]any{}, "")
	d.WaitJob(t, fine, "done", 10*time.Second)
}

// A handler error is retried after the database's backoff; a permanent one
// is dead at once.
func TestFailureRetriedPermanentDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	var calls atomic.Int32
	cfg := config(d)
	cfg.PollInterval = 200 * time.Millisecond
	worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.flaky", func(ctx context.Context, job worker.Job) error {
			if calls.Add(1) == 1 {
				return fmt.Errorf("first attempt fails")
			}
			return nil
		})
		w.Handle("mailer.broken", func(ctx context.Context, job worker.Job) error {
			return worker.Permanent(fmt.Errorf("cannot ever work"))
		})
	})
	flaky := d.Enqueue(t, "mailer.flaky", map[string]any{}, "")
	broken := d.Enqueue(t, "mailer.broken", map[string]any{}, "")
	j := d.WaitJob(t, broken, "dead", 5*time.Second)
	require.Equal(t, 1, j.Attempt, "a permanent failure spends no further attempt")
	require.Equal(t, "cannot ever work", j.LastError)
	j = d.WaitJob(t, flaky, "done", 10*time.Second)
	require.Equal(t, 2, j.Attempt, "the failed attempt was retried")
}

// A job longer than its lease keeps it by heartbeats: no other worker takes
// it, and it completes on its first attempt.
func TestHeartbeatKeepsLongJob(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	cfg := config(d)
	cfg.Name = "slow"
	// a heartbeat every eighth of the lease: a beat delayed by a busy
	// machine does not lose the lease; the job outlives the lease twice
	cfg.Lease = 2 * time.Second
	cfg.Heartbeat = 250 * time.Millisecond
	slow := worktest.Start(t, cfg, withTestHandler)
	id := d.Enqueue(t, "mailer.test", testPayload{SleepMS: 4000}, "")
	waitFor(t, "the slow worker holds the job", func() bool { return d.Job(t, id).LockedBy == "slow" })

	other := config(d)
	other.Name = "other"
	other.PollInterval = 100 * time.Millisecond
	o := worktest.Start(t, other, withTestHandler)

	j := d.WaitJob(t, id, "done", 10*time.Second)
	require.Equal(t, 1, j.Attempt, "never claimed again")
	require.Zero(t, o.Metrics().Snapshot().Claimed, "the other worker never got the job")
	require.GreaterOrEqual(t, slow.Metrics().Snapshot().Heartbeats, int64(4), "the lease was extended while the job ran")
}

// A job whose lease was taken over cannot be completed by its old holder:
// the heartbeat notices, the handler is cancelled, nothing is recorded.
func TestLeaseTakenOverNotCompletedByOldHolder(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	cfg := config(d)
	cfg.Name = "old"
	cfg.Lease = 2 * time.Second
	cfg.Heartbeat = 200 * time.Millisecond
	w := worktest.Start(t, cfg, withTestHandler)
	id := d.Enqueue(t, "mailer.test", testPayload{Block: true}, "")
	waitFor(t, "the worker holds the job", func() bool { return d.Job(t, id).LockedBy == "old" })

	// another worker takes the job over, as after an expired lease
	_, err := d.Admin.Exec(context.Background(),
		`update core.jobs set locked_by = 'new', locked_until = now() + interval '1 hour', attempt = attempt + 1 where id = $1`, id)
	require.NoError(t, err)
	waitFor(t, "the old holder noticed", func() bool { return w.Metrics().Snapshot().Lost == 1 })
	j := d.Job(t, id)
	require.Equal(t, worktest.Job{State: "running", Attempt: 2, LockedBy: "new"}, j, "the new holder's job is untouched")
	s := w.Metrics().Snapshot()
	require.Zero(t, s.Done+s.Failed, "the old holder recorded no outcome")
	require.Zero(t, s.InFlight, "and stopped working on it")
}

// A handler that finishes after its job was taken over (before any
// heartbeat noticed) cannot complete it: the database refuses the old
// holder, and the new holder's job is untouched.
func TestCompletionRefusedAfterTakeover(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	release := make(chan struct{})
	cfg := config(d)
	cfg.Name = "old"
	cfg.Lease = time.Minute // no heartbeat during the test
	w := worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.test", func(ctx context.Context, job worker.Job) error {
			<-release
			return nil
		})
	})
	id := d.Enqueue(t, "mailer.test", testPayload{}, "")
	waitFor(t, "the worker holds the job", func() bool { return d.Job(t, id).LockedBy == "old" })
	_, err := d.Admin.Exec(context.Background(),
		`update core.jobs set locked_by = 'new', locked_until = now() + interval '1 hour', attempt = attempt + 1 where id = $1`, id)
	require.NoError(t, err)
	close(release)
	waitFor(t, "the refused completion is counted", func() bool { return w.Metrics().Snapshot().Lost == 1 })
	require.Equal(t, worktest.Job{State: "running", Attempt: 2, LockedBy: "new"}, d.Job(t, id), "the new holder's job is untouched")
	require.Zero(t, w.Metrics().Snapshot().Done)
}

// Several jobs run at once, never more than the concurrency.
func TestBoundedConcurrency(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	var running, most atomic.Int32
	cfg := config(d)
	cfg.Concurrency = 3
	worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.test", func(ctx context.Context, job worker.Job) error {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(100 * time.Millisecond)
			running.Add(-1)
			return nil
		})
	})
	// the twelve in one transaction: enqueued one by one, each could be
	// done before the next arrives on a busy machine, never three at once
	var ids []int64
	rows, err := d.Admin.Query(context.Background(),
		`select core.enqueue('mailer.test', '{}') from generate_series(1, 12)`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(t, rows.Err())
	require.Len(t, ids, 12)
	for _, id := range ids {
		d.WaitJob(t, id, "done", 10*time.Second)
	}
	require.Equal(t, int32(3), most.Load(), "three jobs ran at once, never more")
}

// The process killed mid-job: its lease expires and another worker takes
// the job and completes it (its second attempt).
func TestKilledWorkerJobTakenOver(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	id := d.Enqueue(t, "mailer.test", testPayload{Block: true}, "")
	c := worktest.StartChild(t, "mailer", d.Env("WORKER_NAME=doomed", "WORKER_LEASE=2s")...)
	waitFor(t, "the worker process holds the job", func() bool { return d.Job(t, id).LockedBy == "doomed" })
	c.Signal(t, syscall.SIGKILL)
	require.Equal(t, -1, c.Wait(t, 5*time.Second), "killed")
	require.Equal(t, "running", d.Job(t, id).State, "the job is still running under the dead worker's lease")

	// the job blocks only in the killed process; here it completes
	cfg := config(d)
	cfg.PollInterval = 200 * time.Millisecond
	worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.test", func(context.Context, worker.Job) error { return nil })
	})
	j := d.WaitJob(t, id, "done", 10*time.Second)
	require.Equal(t, 2, j.Attempt, "taken over as the second attempt")
}

// SIGTERM: the worker stops claiming, lets running jobs finish, exits 0.
// The running jobs end only when the test says so, after the worker has
// begun its shutdown: a slot freed then must not take the job waiting
// beside them (a job that merely slept could end before the signal arrived
// and free its slot for it).
func TestSIGTERMFinishesRunningJobs(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	dir := t.TempDir()
	gate := filepath.Join(dir, "finish")
	c := worktest.StartChild(t, "mailer", d.Env("WORKER_NAME=terminated", "WORKER_CONCURRENCY=2", "WORKER_SHUTDOWN_TIMEOUT=30s")...)
	first := d.Enqueue(t, "mailer.test", testPayload{Gate: gate, Started: filepath.Join(dir, "first")}, "")
	second := d.Enqueue(t, "mailer.test", testPayload{Gate: gate, Started: filepath.Join(dir, "second")}, "")
	started(t, filepath.Join(dir, "first"))
	started(t, filepath.Join(dir, "second"))
	// both slots are taken: this one waits for a free slot
	waiting := d.Enqueue(t, "mailer.test", testPayload{}, "")
	c.Signal(t, syscall.SIGTERM)
	waitFor(t, "the worker begins its shutdown", func() bool { return strings.Contains(c.Output.String(), `msg="shutting down"`) })
	later := d.Enqueue(t, "mailer.test", testPayload{}, "")
	require.Equal(t, worktest.Job{State: "running", Attempt: 1, LockedBy: "terminated"}, d.Job(t, first), "still running")
	require.NoError(t, os.WriteFile(gate, nil, 0o644))
	require.Equal(t, 0, c.Wait(t, 20*time.Second), "exit 0 after SIGTERM\n%s", c.Output)
	require.Equal(t, worktest.Job{State: "done", Attempt: 1}, d.Job(t, first), "a running job finished")
	require.Equal(t, worktest.Job{State: "done", Attempt: 1}, d.Job(t, second), "a running job finished")
	require.Equal(t, worktest.Job{State: "pending", Attempt: 0}, d.Job(t, waiting), "the freed slots claimed nothing after SIGTERM")
	require.Equal(t, worktest.Job{State: "pending", Attempt: 0}, d.Job(t, later), "nothing was claimed after SIGTERM")
}

// SIGTERM with a job that outlasts the grace: it is released without
// spending an attempt, and the process exits 0.
func TestSIGTERMReleasesWhatOutlastsGrace(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	c := worktest.StartChild(t, "mailer", d.Env("WORKER_NAME=impatient", "WORKER_SHUTDOWN_TIMEOUT=300ms")...)
	begun := filepath.Join(t.TempDir(), "started")
	id := d.Enqueue(t, "mailer.test", testPayload{Block: true, Started: begun}, "")
	started(t, begun)
	c.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, c.Wait(t, 10*time.Second), "exit 0 after SIGTERM\n%s", c.Output)
	require.Equal(t, worktest.Job{State: "pending", Attempt: 0}, d.Job(t, id), "released, its attempt given back")
	require.Contains(t, c.Output.String(), "released at shutdown")
}

// SIGTERM with a handler that ignores its cancelled context: its job is
// released without it a few seconds after the grace, and the process still
// exits 0.
func TestSIGTERMReleasesStuckHandlersJob(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	c := worktest.StartChild(t, "mailer", d.Env("WORKER_NAME=stuck", "WORKER_SHUTDOWN_TIMEOUT=300ms")...)
	begun := filepath.Join(t.TempDir(), "started")
	id := d.Enqueue(t, "mailer.test", testPayload{Stuck: true, Started: begun}, "")
	started(t, begun)
	c.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, c.Wait(t, 15*time.Second), "exit 0 after SIGTERM\n%s", c.Output)
	require.Equal(t, worktest.Job{State: "pending", Attempt: 0}, d.Job(t, id), "released, its attempt given back")
	require.Contains(t, c.Output.String(), "its handler did not return")
}

// /metrics in Prometheus' text format, /healthz 200 while the database
// answers and 503 when it does not.
func TestMetricsAndHealth(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	w := worktest.Start(t, config(d), withTestHandler)
	id := d.Enqueue(t, "mailer.test", testPayload{}, "")
	d.WaitJob(t, id, "done", 5*time.Second)
	waitFor(t, "the completion is counted", func() bool { return w.Metrics().Snapshot().Done == 1 })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, _, err := worker.Serve(ctx, "127.0.0.1:0", worker.HTTPHandler(w.Metrics(), w.Ping))
	require.NoError(t, err)
	code, body := get(t, "http://"+addr+"/metrics")
	require.Equal(t, http.StatusOK, code)
	for _, line := range []string{
		"# TYPE thick_worker_jobs_claimed_total counter",
		`thick_worker_jobs_claimed_total{queue="mailer"} 1`,
		`thick_worker_jobs_done_total{queue="mailer"} 1`,
		`thick_worker_jobs_failed_total{queue="mailer"} 0`,
		`thick_worker_jobs_retried_total{queue="mailer"} 0`,
		`thick_worker_jobs_dead_total{queue="mailer"} 0`,
		`thick_worker_jobs_in_flight{queue="mailer"} 0`,
		"# TYPE thick_worker_last_success_timestamp_seconds gauge",
	} {
		require.Contains(t, body, line+"\n")
	}
	require.NotContains(t, body, `thick_worker_last_success_timestamp_seconds{queue="mailer"} 0`+"\n", "a success is recorded")
	code, body = get(t, "http://"+addr+"/healthz")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "ok\n", body)

	down, _, err := worker.Serve(ctx, "127.0.0.1:0", worker.HTTPHandler(w.Metrics(),
		func(context.Context) error { return fmt.Errorf("connection refused") }))
	require.NoError(t, err)
	code, body = get(t, "http://"+down+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, body, "connection refused")
}

// The database restarted: the worker backs off while it is down (health
// 503), then resumes on its own, and the jobs enqueued meanwhile are done.
// (Not parallel: it runs a cluster of its own, restarted in place.)
func TestDatabaseRestartBacksOffAndResumes(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "thick-restart-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	opts := pgcluster.Options{Dir: filepath.Join(dir, "pg"), Preload: []string{}, Database: "restart"}
	c, err := pgcluster.Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	admin := c.TCPURL("restart")
	require.NoError(t, worktest.Setup(ctx, admin))
	workerURL := worktest.AsRole(admin, worktest.LoginRole)

	enqueue := func() int64 {
		conn, err := pgx.Connect(ctx, admin)
		require.NoError(t, err)
		defer conn.Close(ctx)
		var id int64
		require.NoError(t, conn.QueryRow(ctx, `select core.enqueue('mailer.test', '{}')`).Scan(&id))
		return id
	}
	state := func(id int64) string {
		conn, err := pgx.Connect(ctx, admin)
		require.NoError(t, err)
		defer conn.Close(ctx)
		var s string
		require.NoError(t, conn.QueryRow(ctx, `select state from core.jobs where id = $1`, id).Scan(&s))
		return s
	}

	w := worktest.Start(t, worker.Config{Queue: "mailer", DatabaseURL: workerURL, PollInterval: 500 * time.Millisecond,
		Lease: 10 * time.Second}, withTestHandler)
	httpCtx, stopHTTP := context.WithCancel(ctx)
	defer stopHTTP()
	addr, _, err := worker.Serve(httpCtx, "127.0.0.1:0", worker.HTTPHandler(w.Metrics(), w.Ping))
	require.NoError(t, err)
	before := enqueue()
	waitFor(t, "the first job is done", func() bool { return state(before) == "done" })
	code, _ := get(t, "http://"+addr+"/healthz")
	require.Equal(t, http.StatusOK, code, "healthy")

	require.NoError(t, c.Stop(ctx))
	code, body := get(t, "http://"+addr+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, code, "unhealthy while the database is down")
	require.Contains(t, body, "database unreachable")
	errorsBefore := w.Metrics().Snapshot().ClaimErrors
	time.Sleep(3 * time.Second) // failed claims and reconnects
	failed := w.Metrics().Snapshot().ClaimErrors - errorsBefore
	// the poll (500 ms) keeps trying, each failure backing off longer:
	// 0.5 s, 1 s, 2 s... a handful of attempts in 3 s, not a hot loop
	require.GreaterOrEqual(t, failed, int64(1), "claims were tried while the database was down")
	require.LessOrEqual(t, failed, int64(6), "with a backoff, not in a loop")
	c, err = pgcluster.Start(ctx, opts)
	require.NoError(t, err, "restart the cluster")
	require.Equal(t, admin, c.TCPURL("restart"), "same address after the restart")

	after := enqueue()
	waitFor(t, "the job enqueued after the restart is done", func() bool { return state(after) == "done" })
	code, _ = get(t, "http://"+addr+"/healthz")
	require.Equal(t, http.StatusOK, code, "healthy again")
	waitFor(t, "the listener reconnected", func() bool { return w.Metrics().Snapshot().Listens >= 2 })
	// and the listener serves again: with the poll out of the way, a
	// notification alone wakes the worker
	notified := w.Metrics().Snapshot().Notifications
	last := enqueue()
	waitFor(t, "the last job is done", func() bool { return state(last) == "done" })
	waitFor(t, "its notification arrived", func() bool { return w.Metrics().Snapshot().Notifications > notified })
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			require.FailNow(t, "timed out waiting: "+what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Configuration errors stop a worker before it starts, exit code 2, with
// the variable named.
func TestCommandConfigurationErrors(t *testing.T) {
	t.Parallel()
	run := func(env map[string]string) (int, string) {
		var out worktest.Buffer
		code := worker.Command(context.Background(), "mailer", func(k string) string { return env[k] }, &out,
			func(func(string) string, *worker.Worker) error { return nil })
		return code, out.String()
	}
	code, out := run(map[string]string{})
	require.Equal(t, 2, code)
	require.Contains(t, out, "DATABASE_URL is not set")
	for _, c := range []struct{ name, value, says string }{
		{"WORKER_CONCURRENCY", "0", "want a number from 1 to 1000"},
		{"WORKER_LEASE", "-5s", "want a positive duration"},
		{"WORKER_POLL_INTERVAL", "often", "want a positive duration"},
		{"WORKER_LOG_FORMAT", "xml", "want text or json"},
		{"WORKER_LOG_LEVEL", "loud", "want debug, info, warn or error"},
	} {
		code, out := run(map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x", c.name: c.value})
		require.Equal(t, 2, code, c.name)
		require.Contains(t, out, c.name, c.name)
		require.Contains(t, out, c.says, c.name)
	}
	// the setup's own error (a missing SMTP_URL, say) is a configuration error too
	var out2 worktest.Buffer
	code = worker.Command(context.Background(), "mailer", func(k string) string {
		return map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}[k]
	}, &out2, func(func(string) string, *worker.Worker) error { return fmt.Errorf("SMTP_URL is not set") })
	require.Equal(t, 2, code)
	require.Contains(t, out2.String(), "SMTP_URL is not set")
}

// JSON logs when asked.
func TestJSONLogs(t *testing.T) {
	t.Parallel()
	var out worktest.Buffer
	l, err := worker.LoggerFromEnv(func(k string) string { return map[string]string{"WORKER_LOG_FORMAT": "json"}[k] }, &out)
	require.NoError(t, err)
	l.Info("hello", "job", 7)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out.String()), &m))
	require.Equal(t, "hello", m["msg"])
	require.Equal(t, float64(7), m["job"])
}
