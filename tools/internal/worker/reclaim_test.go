package worker_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

// A worker that claims again a job whose lease expired while it still runs
// it (the review's finding 4: its heartbeats could not reach the database)
// does not start a second run: the running one goes on, holding the new
// claim, and records the outcome. Here the heartbeat is too rare to keep
// the 1 s lease, and the handler takes 3 s.
func TestOwnExpiredJobNotRunTwice(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	var runs atomic.Int32
	cfg := config(d)
	cfg.Lease = time.Second
	cfg.Heartbeat = time.Hour
	cfg.PollInterval = 100 * time.Millisecond
	w := worktest.Start(t, cfg, func(w *worker.Worker) {
		w.Handle("mailer.slow", func(ctx context.Context, job worker.Job) error {
			runs.Add(1)
			select {
			case <-time.After(3 * time.Second):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	})
	id := d.Enqueue(t, "mailer.slow", map[string]any{}, "")
	j := d.WaitJob(t, id, "done", 20*time.Second)
	require.Equal(t, int32(1), runs.Load(), "the job ran once in this worker")
	require.Greater(t, j.Attempt, 1, "it was claimed again while it ran (the test's premise)")
	require.Equal(t, int64(1), w.Metrics().Snapshot().Done)
	require.Zero(t, w.Metrics().Snapshot().Lost)
}
