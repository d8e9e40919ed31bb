package worker_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

// The two ways the review (round 4) found a claim of this worker's spent
// without a run. A claim is never spent without a run: it is run, or its
// outcome is that of a run still going on under it.

// A run whose heartbeat found its lease lost (another worker claimed the
// job) but whose handler has not returned yet cannot record under its
// claim any more: a new claim of the job by this worker (the other worker
// gave it back) is not attached to that stale run, whose outcome is not
// recorded; it is run once the stale run ends, and its outcome is.
func TestClaimAfterLostLeaseRunsAfterTheStaleRun(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	ctx := context.Background()
	release := make(chan struct{})
	var runs atomic.Int32
	var cancelled atomic.Bool
	cfg := config(d)
	cfg.Name = "w"
	cfg.Lease = 2 * time.Second
	cfg.Heartbeat = 100 * time.Millisecond
	cfg.PollInterval = 1500 * time.Millisecond
	w := worktest.Start(t, cfg, func(wk *worker.Worker) {
		wk.Handle("mailer.stuck", func(ctx context.Context, job worker.Job) error {
			if runs.Add(1) == 1 {
				go func() { <-ctx.Done(); cancelled.Store(true) }()
				<-release // a send that does not watch its context
			}
			return nil
		})
	})
	id := d.Enqueue(t, "mailer.stuck", map[string]any{}, "")
	_, err := d.Admin.Exec(ctx, `update core.jobs set max_attempts = 2 where id = $1`, id)
	require.NoError(t, err)
	waitFor(t, "running", func() bool { return runs.Load() == 1 })

	// another worker takes the job over (as after a lease that ran out), in
	// one transaction: w's heartbeat, every 100 ms, would otherwise renew the
	// lease between the two (it waits for the row, then finds the job
	// claimed by another)
	tx, err := d.Admin.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `update core.jobs set locked_until = now() - interval '1 s' where id = $1`, id)
	require.NoError(t, err)
	var other int
	require.NoError(t, tx.QueryRow(ctx, `select claims from core.claim_jobs('mailer', 'other', 1, '1 min')`).Scan(&other))
	require.NoError(t, tx.Commit(ctx))
	require.Equal(t, 2, other)
	waitFor(t, "w's heartbeat finds the lease lost and cancels the handler", cancelled.Load)
	// the other worker gives it back (its shutdown), and w claims it again
	// while its stale handler still runs
	var ok bool
	require.NoError(t, d.Admin.QueryRow(ctx, `select core.release_job($1, 'other', $2)`, id, other).Scan(&ok))
	require.True(t, ok)
	waitFor(t, "w claims the job again", func() bool {
		var by string
		var claims int
		_ = d.Admin.QueryRow(ctx, `select coalesce(locked_by, ''), claims from core.jobs where id = $1`, id).Scan(&by, &claims)
		return by == "w" && claims == 3
	})
	require.Equal(t, int32(1), runs.Load(), "not run beside the stale run")
	close(release)

	j := waitFinished(t, d, id)
	require.Equal(t, "done", j.State, "the new claim was run and its outcome recorded")
	require.Equal(t, int32(2), runs.Load(), "the new claim was run after the stale run")
	require.Equal(t, 2, j.Attempt, "the stale run's attempt, and the new claim's")
	waitFor(t, "the completion is counted", func() bool { return w.Metrics().Snapshot().Done == 1 })
	require.Equal(t, int64(1), w.Metrics().Snapshot().Lost, "the stale run's outcome is not recorded")
}

// A failure whose recording is retried (the database refuses fail_job for
// a while) while the lease runs out and this worker claims the job again
// is not recorded under the new claim, which would spend its attempt (the
// last one here) without a run: the new claim runs the job again (the
// reclaim is the retry).
func TestReclaimWhileFailureUnrecordedRunsTheJobAgain(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	ctx := context.Background()
	var runs atomic.Int32
	failing := make(chan struct{})
	_, err := d.Admin.Exec(ctx, `alter function core.fail_job(bigint, text, int, text) rename to fail_job_away`)
	require.NoError(t, err)
	cfg := config(d)
	cfg.Name = "w"
	cfg.PollInterval = 100 * time.Millisecond
	w := worktest.Start(t, cfg, func(wk *worker.Worker) {
		wk.Handle("mailer.flaky", func(ctx context.Context, job worker.Job) error {
			if runs.Add(1) == 1 {
				close(failing)
				return errors.New("relay said 451, try later")
			}
			return nil
		})
	})
	id := d.Enqueue(t, "mailer.flaky", map[string]any{}, "")
	_, err = d.Admin.Exec(ctx, `update core.jobs set max_attempts = 2 where id = $1`, id)
	require.NoError(t, err)
	<-failing
	// the failure's recording is being retried (for up to the 10 s lease);
	// the lease runs out meanwhile (no heartbeat once the handler returned:
	// here at once) and the poll claims the job again
	time.Sleep(200 * time.Millisecond)
	_, err = d.Admin.Exec(ctx, `update core.jobs set locked_until = now() - interval '1 s' where id = $1`, id)
	require.NoError(t, err)
	waitFor(t, "w claims the job again while its failure is not recorded", func() bool {
		var claims int
		_ = d.Admin.QueryRow(ctx, `select claims from core.jobs where id = $1`, id).Scan(&claims)
		return claims == 2
	})
	_, err = d.Admin.Exec(ctx, `alter function core.fail_job_away(bigint, text, int, text) rename to fail_job`)
	require.NoError(t, err)

	j := waitFinished(t, d, id)
	require.Equal(t, "done", j.State, "the last attempt was run, not spent on the first one's failure")
	require.Equal(t, int32(2), runs.Load(), "the new claim was run")
	require.Equal(t, 2, j.Attempt)
	waitFor(t, "the completion is counted", func() bool { return w.Metrics().Snapshot().Done == 1 })
	require.Zero(t, w.Metrics().Snapshot().Dead)
}

// waitFinished waits until job id is done or dead and returns it.
func waitFinished(t *testing.T, d *worktest.DB, id int64) worktest.Job {
	t.Helper()
	var j worktest.Job
	waitFor(t, "the job is done or dead", func() bool {
		j = d.Job(t, id)
		return j.State == "done" || j.State == "dead"
	})
	return j
}
