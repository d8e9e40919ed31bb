package worker_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/db"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

// Two worker processes given the same name (here two workers of one test,
// both named "same") are told apart by their claims: the first one's lease
// expires while its handler still runs (its heartbeats are too rare), the
// second claims the job again and runs it. The first one's outcome, a
// permanent failure recorded while the second still runs the job, is not
// recorded; the second one's is.
func TestSameNameStaleOutcomeNotRecorded(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	startedA, releaseA := make(chan struct{}), make(chan struct{})
	startedB, releaseB := make(chan struct{}), make(chan struct{})

	cfgA := config(d)
	cfgA.Name = "same"
	cfgA.Lease = time.Second
	cfgA.Heartbeat = time.Hour // the lease expires while the handler runs
	a := worktest.Start(t, cfgA, func(w *worker.Worker) {
		w.Handle("mailer.twice", func(ctx context.Context, job worker.Job) error {
			close(startedA)
			<-releaseA
			return worker.Permanent(errors.New("the stale process's outcome"))
		})
	})
	waitFor(t, "the first worker listens", func() bool { return a.Metrics().Snapshot().Listens >= 1 })
	id := d.Enqueue(t, "mailer.twice", map[string]any{}, "")
	<-startedA

	cfgB := config(d)
	cfgB.Name = "same"
	cfgB.PollInterval = 100 * time.Millisecond
	var claimB atomic.Int64
	worktest.Start(t, cfgB, func(w *worker.Worker) {
		w.Handle("mailer.twice", func(ctx context.Context, job worker.Job) error {
			claimB.Store(int64(job.Claim()))
			close(startedB)
			<-releaseB
			return nil
		})
	})
	select {
	case <-startedB:
	case <-time.After(15 * time.Second):
		require.FailNow(t, "the second worker did not take the job over")
	}
	require.Equal(t, int64(2), claimB.Load(), "the second worker runs the job under claim 2")

	close(releaseA)
	waitFor(t, "the first worker's outcome is refused", func() bool { return a.Metrics().Snapshot().Lost == 1 })
	j := d.Job(t, id)
	require.Equal(t, "running", j.State, "the stale permanent failure did not make the job dead")
	require.Equal(t, "same", j.LockedBy)
	require.Zero(t, a.Metrics().Snapshot().Dead)

	close(releaseB)
	j = d.WaitJob(t, id, "done", 10*time.Second)
	require.Equal(t, 2, j.Attempt)
	require.Empty(t, j.LastError)
}

// A worker that claims again a job it still runs does not run it twice, and
// the running handler adopts the new claim: what it queries under
// job.Claim() after the new claim (a heartbeat here, a document's store in
// pdfgen) is accepted, and the outcome is recorded.
func TestOwnExpiredJobHandlerAdoptsTheNewClaim(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	var runs atomic.Int32
	var first, last atomic.Int64
	var extended atomic.Bool
	cfg := config(d)
	cfg.Lease = time.Second
	cfg.Heartbeat = time.Hour
	cfg.PollInterval = 100 * time.Millisecond
	w := worktest.Start(t, cfg, func(wk *worker.Worker) {
		wk.Handle("mailer.slow", func(ctx context.Context, job worker.Job) error {
			runs.Add(1)
			first.Store(int64(job.Claim()))
			// wait until this worker claimed the job again
			for job.Claim() == int(first.Load()) {
				select {
				case <-time.After(20 * time.Millisecond):
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			last.Store(int64(job.Claim()))
			held, err := db.JobsExtendLease(ctx, wk.Pool(), job.ID, job.Worker, job.Claim(), time.Minute)
			if err != nil {
				return err
			}
			extended.Store(held)
			return nil
		})
	})
	id := d.Enqueue(t, "mailer.slow", map[string]any{}, "")
	j := d.WaitJob(t, id, "done", 20*time.Second)
	require.Equal(t, int32(1), runs.Load(), "the job ran once in this worker")
	require.Equal(t, int64(1), first.Load(), "the handler began under claim 1")
	require.Greater(t, last.Load(), int64(1), "and saw the new claim")
	require.True(t, extended.Load(), "a query of the handler under the new claim is accepted")
	require.Greater(t, j.Attempt, 1)
	require.Equal(t, int64(1), w.Metrics().Snapshot().Done)
	require.Zero(t, w.Metrics().Snapshot().Lost)
}
