package db_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/db"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

// DBTX is satisfied by a connection and a transaction (and by
// *pgxpool.Pool, whose methods are the same; the module does not pull in
// pgxpool's dependencies for this check alone).
var (
	_ db.DBTX = (*pgx.Conn)(nil)
	_ db.DBTX = pgx.Tx(nil)
)

// The tests share one throwaway cluster holding a template database built
// from the core files only; each test clones its own database from it.
const templateDB = "jobs_template"

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{Preload: []string{}, Database: templateDB},
		func(ctx context.Context, c *pgcluster.Cluster) error { return buildCore(ctx, c.URL(templateDB)) }))
}

// buildCore runs the project's core files (every numbered folder's core/)
// into the database at url, the way thick rebuild does.
func buildCore(ctx context.Context, url string) error {
	p, err := project.Load(filepath.Join("..", "..", ".."))
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

// newDB clones the core template into a database of the test's own and
// returns its URL; the database is dropped when the test ends.
func newDB(t *testing.T) string {
	t.Helper()
	return pgtest.NewDB(t, templateDB)
}

// connect opens a superuser connection closed when the test ends.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	return pgtest.Connect(t, url)
}

// connectWorker opens a connection acting as the worker role, as the
// workers do.
func connectWorker(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn := connect(t, url)
	_, err := conn.Exec(context.Background(), "set role worker")
	require.NoError(t, err, "set role worker")
	return conn
}

type jobState struct {
	State   string
	Attempt int
}

func jobStateOf(t *testing.T, conn *pgx.Conn, id int64) jobState {
	t.Helper()
	var s jobState
	err := conn.QueryRow(context.Background(), `select state, attempt from core.jobs where id = $1`, id).Scan(&s.State, &s.Attempt)
	require.NoError(t, err, "read job %d", id)
	return s
}

// Many workers on their own connections, claiming in batches, process every
// job exactly once.
func TestJobsEveryJobProcessedExactlyOnce(t *testing.T) {
	t.Parallel()
	const jobs = 10_000
	const workers = 16
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin := connect(t, url)

	_, err := admin.Exec(ctx, `
		select core.enqueue('mailer.load', pg_catalog.jsonb_build_object('n', n))
		from pg_catalog.generate_series(1, $1) as n`, jobs)
	require.NoError(t, err, "enqueue the jobs")

	var (
		mu        sync.Mutex
		processed = make(map[int64]int, jobs)
		perWorker = make([]int, workers)
		wg        sync.WaitGroup
		errs      = make(chan error, workers)
	)
	conns := make([]*pgx.Conn, workers)
	for w := range conns {
		conns[w] = connectWorker(t, url)
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn := conns[w]
			name := fmt.Sprintf("load-%02d", w)
			batch := 1 + (w*37)%100 // batch sizes 1..100, different per worker
			for {
				claimed, err := db.JobsClaim(ctx, conn, "mailer", name, batch, 30*time.Second)
				if err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
					return
				}
				if len(claimed) == 0 {
					return // every job is claimed; none fails, so none comes back
				}
				for _, j := range claimed {
					var payload struct{ N int }
					if err := json.Unmarshal(j.Payload, &payload); err != nil || payload.N < 1 {
						errs <- fmt.Errorf("%s: job %d: payload %s: %v", name, j.ID, j.Payload, err)
						return
					}
					mu.Lock()
					processed[j.ID]++
					perWorker[w]++
					mu.Unlock()
					done, err := db.JobsComplete(ctx, conn, j.ID, name, j.Claim)
					if err != nil {
						errs <- fmt.Errorf("%s: %w", name, err)
						return
					}
					if !done {
						errs <- fmt.Errorf("%s: job %d was not held at completion", name, j.ID)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	require.Len(t, processed, jobs, "every job was processed")
	for id, n := range processed {
		require.Equal(t, 1, n, "job %d was processed %d times", id, n)
	}
	busy := 0
	for _, n := range perWorker {
		if n > 0 {
			busy++
		}
	}
	require.Greater(t, busy, 1, "the work was shared between workers")

	var done, notDone, reclaimed int
	err = admin.QueryRow(ctx, `
		select pg_catalog.count(*) filter (where state = 'done'),
		       pg_catalog.count(*) filter (where state <> 'done'),
		       pg_catalog.count(*) filter (where attempt <> 1)
		from core.jobs`).Scan(&done, &notDone, &reclaimed)
	require.NoError(t, err)
	require.Equal(t, jobs, done, "every job is done")
	require.Zero(t, notDone, "no job is pending, running or dead")
	require.Zero(t, reclaimed, "no job was claimed twice")
}

// A worker whose connection dies after claiming loses the job when its lease
// runs out, and another worker claims it.
func TestJobsKilledWorkerLeaseExpires(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := connect(t, url)

	id, err := db.JobsEnqueue(ctx, admin, "pdfgen.statement", json.RawMessage(`{"account_id": "a-1"}`), time.Time{}, "")
	require.NoError(t, err)

	crashing := connectWorker(t, url)
	claimed, err := db.JobsClaim(ctx, crashing, "pdfgen", "crashing", 10, time.Second)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	require.Equal(t, id, claimed[0].ID)
	require.Equal(t, 1, claimed[0].Attempt)
	require.Equal(t, 1, claimed[0].Claim)

	var killed bool
	require.NoError(t, admin.QueryRow(ctx, `select pg_catalog.pg_terminate_backend($1)`, crashing.PgConn().PID()).Scan(&killed))
	require.True(t, killed, "the claiming worker's backend was terminated")
	_, err = db.JobsComplete(ctx, crashing, id, "crashing", 1)
	require.Error(t, err, "the crashed worker's connection is gone")

	rescuer := connectWorker(t, url)
	claimed, err = db.JobsClaim(ctx, rescuer, "pdfgen", "rescuer", 10, time.Minute)
	require.NoError(t, err)
	require.Empty(t, claimed, "the job is not claimed again while its lease runs")

	start := time.Now()
	for len(claimed) == 0 && time.Since(start) < 10*time.Second {
		time.Sleep(100 * time.Millisecond)
		claimed, err = db.JobsClaim(ctx, rescuer, "pdfgen", "rescuer", 10, time.Minute)
		require.NoError(t, err)
	}
	require.Len(t, claimed, 1, "another worker claims the job once the lease expired")
	require.Equal(t, id, claimed[0].ID)
	require.Equal(t, 2, claimed[0].Attempt, "the second claim is the second attempt")
	require.Equal(t, 2, claimed[0].Claim, "and claim 2")

	other := connectWorker(t, url)
	done, err := db.JobsComplete(ctx, other, id, "crashing", 1)
	require.NoError(t, err)
	require.False(t, done, "the crashed worker no longer holds the job")
	done, err = db.JobsComplete(ctx, rescuer, id, "rescuer", claimed[0].Claim)
	require.NoError(t, err)
	require.True(t, done, "the rescuer completes the job")
	require.Equal(t, jobState{"done", 2}, jobStateOf(t, admin, id))
}

// Failed attempts are retried after a backoff, then the job is dead.
func TestJobsFailuresBackOffThenDead(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := connect(t, url)
	worker := connectWorker(t, url)

	id, err := db.JobsEnqueue(ctx, admin, "sms.sent_home", nil, time.Time{}, "")
	require.NoError(t, err)
	_, err = admin.Exec(ctx, `update core.jobs set max_attempts = 3 where id = $1`, id)
	require.NoError(t, err)

	claimed, err := db.JobsClaim(ctx, worker, "sms", "w1", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	require.Equal(t, 3, claimed[0].MaxAttempts)

	_, held, err := db.JobsFail(ctx, worker, id, "w2", claimed[0].Claim, "not mine")
	require.NoError(t, err)
	require.False(t, held, "a worker that does not hold the job cannot fail it")

	state, held, err := db.JobsFail(ctx, worker, id, "w1", claimed[0].Claim, "gateway timeout")
	require.NoError(t, err)
	require.True(t, held)
	require.Equal(t, db.JobPending, state, "the first failure is retried")
	failedAt := time.Now()
	var wait time.Duration
	require.NoError(t, admin.QueryRow(ctx, `select run_at - pg_catalog.now() from core.jobs where id = $1`, id).Scan(&wait))
	require.InDelta(t, 2*time.Second, wait, float64(200*time.Millisecond), "the first retry waits 2 s")

	// the backoff is real: the job comes back only after it
	claimed, err = db.JobsClaim(ctx, worker, "sms", "w1", 1, time.Minute)
	require.NoError(t, err)
	require.Empty(t, claimed, "the job is not claimed during its backoff")
	for len(claimed) == 0 && time.Since(failedAt) < 10*time.Second {
		time.Sleep(100 * time.Millisecond)
		claimed, err = db.JobsClaim(ctx, worker, "sms", "w1", 1, time.Minute)
		require.NoError(t, err)
	}
	require.Len(t, claimed, 1, "the job is claimed again after its backoff")
	require.GreaterOrEqual(t, time.Since(failedAt), 1500*time.Millisecond, "not before the backoff")
	require.Equal(t, 2, claimed[0].Attempt)

	state, _, err = db.JobsFail(ctx, worker, id, "w1", claimed[0].Claim, "gateway timeout")
	require.NoError(t, err)
	require.Equal(t, db.JobPending, state, "the second failure is retried")
	require.NoError(t, admin.QueryRow(ctx, `select run_at - pg_catalog.now() from core.jobs where id = $1`, id).Scan(&wait))
	require.InDelta(t, 4*time.Second, wait, float64(200*time.Millisecond), "the second retry waits 4 s")

	// skip the second wait: move the job's time forward
	_, err = admin.Exec(ctx, `update core.jobs set run_at = pg_catalog.now() where id = $1`, id)
	require.NoError(t, err)
	claimed, err = db.JobsClaim(ctx, worker, "sms", "w1", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	require.Equal(t, 3, claimed[0].Attempt, "the last attempt")
	state, held, err = db.JobsFail(ctx, worker, id, "w1", claimed[0].Claim, "gateway gone")
	require.NoError(t, err)
	require.True(t, held)
	require.Equal(t, db.JobDead, state, "the last failure makes the job dead")
	require.Equal(t, jobState{"dead", 3}, jobStateOf(t, admin, id))

	claimed, err = db.JobsClaim(ctx, worker, "sms", "w1", 1, time.Minute)
	require.NoError(t, err)
	require.Empty(t, claimed, "a dead job is never claimed")
}

// listening returns, on a new database, a connection to write with, one
// that listens on the jobs channel, and a context of 30 s for the test.
func listening(t *testing.T) (context.Context, *pgx.Conn, *pgx.Conn) {
	t.Helper()
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	admin := connect(t, url)
	listener := connect(t, url)
	_, err := listener.Exec(ctx, "listen "+db.JobsNotifyChannel)
	require.NoError(t, err)
	return ctx, admin, listener
}

// An enqueue wakes the listening workers only when its transaction commits.
func TestJobsEnqueueNotifiesOnCommitOnly(t *testing.T) {
	t.Parallel()
	ctx, admin, listener := listening(t)

	// rolled back: no job, no notification
	tx, err := admin.Begin(ctx)
	require.NoError(t, err)
	_, err = db.JobsEnqueue(ctx, tx, "mailer.welcome", json.RawMessage(`{"client_id": "c-1"}`), time.Time{}, "")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback(ctx))

	var n int
	require.NoError(t, admin.QueryRow(ctx, `select pg_catalog.count(*) from core.jobs`).Scan(&n))
	require.Zero(t, n, "a job enqueued in a rolled-back transaction does not exist")
	wctx, wcancel := context.WithTimeout(ctx, 500*time.Millisecond)
	note, err := listener.WaitForNotification(wctx)
	wcancel()
	require.ErrorIs(t, err, context.DeadlineExceeded, "a rolled-back enqueue sends no notification (got %+v)", note)

	// committed: the listener wakes with the queue's name
	tx, err = admin.Begin(ctx)
	require.NoError(t, err)
	first, err := db.JobsEnqueue(ctx, tx, "mailer.welcome", json.RawMessage(`{"client_id": "c-1"}`), time.Time{}, "welcome:c-1")
	require.NoError(t, err)
	again, err := db.JobsEnqueue(ctx, tx, "mailer.welcome", json.RawMessage(`{"client_id": "c-1"}`), time.Time{}, "welcome:c-1")
	require.NoError(t, err)
	require.Equal(t, first, again, "the same kind and dedupe key keep one job")
	require.NoError(t, tx.Commit(ctx))

	wctx, wcancel = context.WithTimeout(ctx, 5*time.Second)
	note, err = listener.WaitForNotification(wctx)
	wcancel()
	require.NoError(t, err, "a committed enqueue wakes the listener")
	require.Equal(t, db.JobsNotifyChannel, note.Channel)
	require.Equal(t, "mailer", note.Payload, "the payload is the queue's name")

	require.NoError(t, admin.QueryRow(ctx, `select pg_catalog.count(*) from core.jobs`).Scan(&n))
	require.Equal(t, 1, n, "the committed job exists, once")
}

// core.enqueue_many queues many jobs in one statement, and a transaction
// wakes a listener once per queue however many jobs and calls it holds.
func TestJobsEnqueueManyNotifiesOncePerQueue(t *testing.T) {
	t.Parallel()
	ctx, admin, listener := listening(t)

	tx, err := admin.Begin(ctx)
	require.NoError(t, err)
	for _, kind := range []string{"mailer.welcome", "mailer.reminder", "sms.sent_home"} {
		_, err = tx.Exec(ctx, `select core.enqueue_many($1, $2::jsonb[])`, kind, []string{`{"n": 1}`, `{"n": 2}`, `{"n": 3}`})
		require.NoError(t, err, "enqueue_many %s", kind)
	}
	_, err = db.JobsEnqueue(ctx, tx, "mailer.welcome", nil, time.Time{}, "")
	require.NoError(t, err)
	require.NoError(t, tx.Commit(ctx))

	var n int
	require.NoError(t, admin.QueryRow(ctx, `select pg_catalog.count(*) from core.jobs`).Scan(&n))
	require.Equal(t, 10, n, "three calls of three jobs and one enqueue")

	// the notifications of one commit arrive together; then none follows
	var payloads []string
	for {
		wctx, wcancel := context.WithTimeout(ctx, 500*time.Millisecond)
		note, err := listener.WaitForNotification(wctx)
		wcancel()
		if errors.Is(err, context.DeadlineExceeded) {
			break
		}
		require.NoError(t, err)
		require.Equal(t, db.JobsNotifyChannel, note.Channel)
		payloads = append(payloads, note.Payload)
	}
	slices.Sort(payloads)
	require.Equal(t, []string{"mailer", "sms"}, payloads, "one notification per queue for the whole transaction")
}

// The database's refusals reach the caller as SQLSTATEs.
func TestJobsRefusals(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := connect(t, url)
	worker := connectWorker(t, url)

	_, err := db.JobsEnqueue(ctx, admin, "fax.send", nil, time.Time{}, "")
	require.True(t, db.IsSQLState(err, "22023"), "an unknown kind is 22023, got %v", err)
	_, err = db.JobsClaim(ctx, worker, "mailer", "w1", 0, time.Minute)
	require.True(t, db.IsSQLState(err, "22023"), "claiming 0 jobs is 22023, got %v", err)
	_, err = db.JobsClaim(ctx, worker, "mailer", "w1", 1, 0)
	require.True(t, db.IsSQLState(err, "22023"), "a zero lease is 22023, got %v", err)
	_, err = db.JobsEnqueue(ctx, worker, "mailer.welcome", nil, time.Time{}, "")
	require.True(t, db.IsSQLState(err, "42501"), "the worker cannot enqueue, got %v", err)

	anon := connect(t, url)
	_, err = anon.Exec(ctx, "set role anon")
	require.NoError(t, err)
	_, err = db.JobsClaim(ctx, anon, "mailer", "w1", 1, time.Minute)
	require.True(t, db.IsSQLState(err, "42501"), "anon cannot claim, got %v", err)

	// a job whose run_at lies ahead waits for it
	id, err := db.JobsEnqueue(ctx, admin, "mailer.reminder", nil, time.Now().Add(time.Hour), "")
	require.NoError(t, err)
	claimed, err := db.JobsClaim(ctx, worker, "mailer", "w1", 10, time.Minute)
	require.NoError(t, err)
	require.Empty(t, claimed, "a job scheduled for later is not claimed now")
	require.Equal(t, jobState{"pending", 0}, jobStateOf(t, admin, id))
}
