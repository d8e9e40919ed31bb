package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
	"thick/tools/internal/worker"
)

// QueueOptions configure the queue benchmark.
type QueueOptions struct {
	Jobs    int   // jobs per drain run
	Workers []int // concurrent handlers per measurement
	Runs    int   // runs per measurement (medians)
	Wakeups int   // idle wake-up samples per system
}

// DefaultQueueOptions reads THICK_QUEUE_BENCH_JOBS (default 5000) and
// THICK_QUEUE_BENCH_RUNS (default 3).
func DefaultQueueOptions() QueueOptions {
	o := QueueOptions{Jobs: 5000, Workers: []int{1, 4, 16}, Runs: 3, Wakeups: 200}
	if n, err := strconv.Atoi(os.Getenv("THICK_QUEUE_BENCH_JOBS")); err == nil && n > 0 {
		o.Jobs = n
	}
	if n, err := strconv.Atoi(os.Getenv("THICK_QUEUE_BENCH_RUNS")); err == nil && n > 0 {
		o.Runs = n
	}
	return o
}

// runQueue measures the job queue against River on one throwaway database:
// jobs per second from enqueue to done with a no-op handler for each worker
// count (insert and drain timed apart), and the idle wake-up latency from
// enqueue to claim. Both use the same pool size, a no-op job and a batched
// insert of the same size; the tables are truncated and vacuumed between
// runs, and runs alternate between the two. It prints its own table.
func runQueue(ctx context.Context, root string, o QueueOptions, out, log io.Writer) error {
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
	fmt.Fprintln(log, "bench: queue: starting a temporary local cluster")
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Preload: []string{}})
	if err != nil {
		return fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	const dbName = "bench_queue"
	if err := c.CreateDatabase(ctx, dbName); err != nil {
		return err
	}
	url := c.URL(dbName)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintln(log, "bench: queue: building core and migrating River into schema river")
	if _, err := build.Rebuild(ctx, conn, p, build.Options{Stdout: io.Discard}); err != nil {
		return fmt.Errorf("rebuild core: %w", err)
	}
	if _, err := conn.Exec(ctx, "create schema river"); err != nil {
		return err
	}
	maxWorkers := slices.Max(o.Workers)
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	pc.MaxConns = int32(maxWorkers) + 4
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return err
	}
	defer pool.Close()
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: "river"})
	if err != nil {
		return err
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrate: %w", err)
	}

	q := &queueBench{url: url, conn: conn, pool: pool, poolSize: pc.MaxConns, o: o, log: log}
	type result struct{ insert, drain []float64 } // jobs per second
	res := map[string]map[int]*result{"thick": {}, "river": {}}
	for _, n := range o.Workers {
		res["thick"][n], res["river"][n] = &result{}, &result{}
	}
	for run := range o.Runs {
		for _, n := range o.Workers {
			for _, sys := range []string{"thick", "river"} {
				if (run+n)%2 == 1 { // alternate which goes first
					sys = map[string]string{"thick": "river", "river": "thick"}[sys]
				}
				fmt.Fprintf(log, "bench: queue: %s, %d workers, run %d/%d\n", sys, n, run+1, o.Runs)
				ins, drain, err := q.throughput(ctx, sys, n)
				if err != nil {
					return fmt.Errorf("%s with %d workers: %w", sys, n, err)
				}
				r := res[sys][n]
				r.insert = append(r.insert, float64(o.Jobs)/ins.Seconds())
				r.drain = append(r.drain, float64(o.Jobs)/drain.Seconds())
			}
		}
	}
	fmt.Fprintln(log, "bench: queue: idle wake-up latency")
	thickWake, err := q.wakeups(ctx, "thick")
	if err != nil {
		return fmt.Errorf("thick wake-up: %w", err)
	}
	riverWake, err := q.wakeups(ctx, "river")
	if err != nil {
		return fmt.Errorf("river wake-up: %w", err)
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "queue\tthick\triver\tthick/river\ttarget\tmet\t")
	// the insert runs before the workers start: one row over every run
	var thickIns, riverIns []float64
	for _, n := range o.Workers {
		thickIns = append(thickIns, res["thick"][n].insert...)
		riverIns = append(riverIns, res["river"][n].insert...)
	}
	ti, ri := medianF(thickIns), medianF(riverIns)
	fmt.Fprintf(tw, "insert %d jobs, batches of %d\t%.0f jobs/s\t%.0f jobs/s\t%.2fx\t-\t-\t\n", o.Jobs, insertBatch, ti, ri, ti/ri)
	for _, n := range o.Workers {
		td, rd := medianF(res["thick"][n].drain), medianF(res["river"][n].drain)
		target, met := "-", "-"
		if n == maxWorkers {
			target, met = ">= 1x River", yes(td >= rd)
		}
		fmt.Fprintf(tw, "drain, %d workers\t%.0f jobs/s\t%.0f jobs/s\t%.2fx\t%s\t%s\t\n", n, td, rd, td/rd, target, met)
	}
	for _, pc := range []struct {
		name string
		p    float64
	}{{"p50", 0.5}, {"p99", 0.99}} {
		tl, rl := percentile(thickWake, pc.p), percentile(riverWake, pc.p)
		target, met := "-", "-"
		if pc.name == "p99" {
			target, met = "< 50ms", yes(tl < 50*time.Millisecond)
		}
		fmt.Fprintf(tw, "idle wake-up, enqueue to claim, %s\t%s\t%s\t%.2fx\t%s\t%s\t\n", pc.name, fmtMS(tl), fmtMS(rl),
			tl.Seconds()/max(rl.Seconds(), 1e-9), target, met)
	}
	_ = tw.Flush()
	fmt.Fprintf(out, "\nqueue: medians of %d runs of %d no-op jobs (insert: of every run), runs alternating; pool of %d connections for both; "+
		"insert in batches of %d (thick: one core.enqueue_many per batch, returning the ids; River: InsertMany, returning the rows); both poll every 1 s and claim at most every 2 ms; "+
		"%d wake-up samples each\n", o.Runs, o.Jobs, pc.MaxConns, insertBatch, o.Wakeups)
	return nil
}

const (
	insertBatch   = 1000
	fetchCooldown = 2 * time.Millisecond // the least time between two claims, both systems
)

type queueBench struct {
	url      string
	conn     *pgx.Conn
	pool     *pgxpool.Pool
	poolSize int32
	o        QueueOptions
	log      io.Writer
}

type noopArgs struct{}

func (noopArgs) Kind() string { return "noop" }

type noopWorker struct {
	river.WorkerDefaults[noopArgs]
	started chan<- time.Time // wake-up samples; nil during throughput runs
}

func (w *noopWorker) Work(ctx context.Context, job *river.Job[noopArgs]) error {
	if w.started != nil {
		w.started <- time.Now()
	}
	return nil
}

func (q *queueBench) reset(ctx context.Context) error {
	for _, sql := range []string{"truncate core.jobs", "truncate river.river_job", "vacuum analyze core.jobs", "vacuum analyze river.river_job"} {
		if _, err := q.conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	return nil
}

func (q *queueBench) riverClient(n int, started chan<- time.Time) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &noopWorker{started: started})
	return river.NewClient(riverpgxv5.New(q.pool), &river.Config{
		Schema:            "river",
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:           workers,
		FetchCooldown:     fetchCooldown,
		FetchPollInterval: time.Second,
		Logger:            slogDiscard(),
	})
}

func (q *queueBench) thickWorker(ctx context.Context, n int, h worker.Handler) (*worker.Worker, error) {
	w, err := worker.New(ctx, worker.Config{Queue: "mailer", Name: fmt.Sprintf("bench-%d", n), DatabaseURL: q.url,
		Concurrency: n, Lease: time.Minute, PollInterval: time.Second, FetchCooldown: fetchCooldown, MaxConns: q.poolSize})
	if err != nil {
		return nil, err
	}
	w.Handle("mailer.noop", h)
	return w, nil
}

// insert enqueues o.Jobs jobs in batches, through each system's API: one
// core.enqueue_many call (one set-based insert) per batch for thick, one
// InsertMany for River.
func (q *queueBench) insert(ctx context.Context, sys string, client *river.Client[pgx.Tx]) error {
	for done := 0; done < q.o.Jobs; done += insertBatch {
		n := min(insertBatch, q.o.Jobs-done)
		if sys == "thick" {
			payloads := make([]string, n)
			for i := range payloads {
				payloads[i] = "{}"
			}
			if _, err := q.pool.Exec(ctx, `select core.enqueue_many('mailer.noop', $1::jsonb[])`, payloads); err != nil {
				return err
			}
			continue
		}
		params := make([]river.InsertManyParams, n)
		for i := range params {
			params[i] = river.InsertManyParams{Args: noopArgs{}}
		}
		if _, err := client.InsertMany(ctx, params); err != nil {
			return err
		}
	}
	return nil
}

func (q *queueBench) doneCount(ctx context.Context, sys string) (int, error) {
	sql := `select count(*) from core.jobs where state = 'done'`
	if sys == "river" {
		sql = `select count(*) from river.river_job where state = 'completed'`
	}
	var n int
	err := q.conn.QueryRow(ctx, sql).Scan(&n)
	return n, err
}

// throughput inserts o.Jobs jobs with no worker running, then starts n
// workers and times until every job is recorded done in the database.
func (q *queueBench) throughput(ctx context.Context, sys string, n int) (insert, drain time.Duration, err error) {
	if err := q.reset(ctx); err != nil {
		return 0, 0, err
	}
	client, err := q.riverClient(n, nil)
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	if err := q.insert(ctx, sys, client); err != nil {
		return 0, 0, fmt.Errorf("insert: %w", err)
	}
	insert = time.Since(t0)

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var stopWorker func()
	t1 := time.Now()
	if sys == "thick" {
		w, err := q.thickWorker(runCtx, n, func(context.Context, worker.Job) error { return nil })
		if err != nil {
			return 0, 0, err
		}
		done := make(chan struct{})
		go func() { defer close(done); _ = w.Run(runCtx) }()
		stopWorker = func() { stop(); <-done; w.Close() }
	} else {
		if err := client.Start(runCtx); err != nil {
			return 0, 0, err
		}
		stopWorker = func() { _ = client.Stop(context.WithoutCancel(ctx)); stop() }
	}
	defer stopWorker()
	for {
		count, err := q.doneCount(ctx, sys)
		if err != nil {
			return 0, 0, err
		}
		if count >= q.o.Jobs {
			return insert, time.Since(t1), nil
		}
		if time.Since(t1) > 5*time.Minute {
			return 0, 0, fmt.Errorf("%d of %d jobs done after 5 minutes", count, q.o.Jobs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// wakeups measures, with one idle worker, the time from an enqueue (its
// commit) to the handler's start, job after job.
func (q *queueBench) wakeups(ctx context.Context, sys string) ([]time.Duration, error) {
	if err := q.reset(ctx); err != nil {
		return nil, err
	}
	started := make(chan time.Time, 1)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	client, err := q.riverClient(1, started)
	if err != nil {
		return nil, err
	}
	if sys == "thick" {
		w, err := q.thickWorker(runCtx, 1, func(context.Context, worker.Job) error { started <- time.Now(); return nil })
		if err != nil {
			return nil, err
		}
		done := make(chan struct{})
		go func() { defer close(done); _ = w.Run(runCtx) }()
		defer func() { stop(); <-done; w.Close() }()
	} else {
		if err := client.Start(runCtx); err != nil {
			return nil, err
		}
		defer func() { _ = client.Stop(context.WithoutCancel(ctx)) }()
	}
	time.Sleep(500 * time.Millisecond) // listening
	var samples []time.Duration
	payload, _ := json.Marshal(map[string]any{})
	for range q.o.Wakeups {
		time.Sleep(20 * time.Millisecond) // idle
		t0 := time.Now()
		if sys == "thick" {
			if _, err := q.pool.Exec(ctx, `select core.enqueue('mailer.noop', $1::jsonb)`, string(payload)); err != nil {
				return nil, err
			}
		} else if _, err := client.Insert(ctx, noopArgs{}, nil); err != nil {
			return nil, err
		}
		select {
		case t1 := <-started:
			samples = append(samples, t1.Sub(t0))
		case <-time.After(10 * time.Second):
			return nil, errors.New("a job was not claimed within 10 s")
		}
	}
	return samples, nil
}

func medianF(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func percentile(xs []time.Duration, p float64) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func fmtMS(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }
