// Package worker is the queue loop shared by the mailer, pdfgen and sms
// workers: it listens for core_jobs notifications on a dedicated connection
// (pgxlisten, reconnecting after about a second), drains the backlog at
// start and after every reconnect, polls on a jittered interval so that a
// lost notification only delays a job, claims in batches with
// core.claim_jobs (one fetch per process), runs the handlers with bounded
// concurrency, extends the lease of long jobs, and completes or fails each
// job. Retry with backoff and the dead state are the database's.
//
// On shutdown (its context cancelled, SIGTERM in the commands) it stops
// claiming, lets running handlers finish within ShutdownTimeout, and
// releases what is still running after that without spending an attempt.
package worker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgxlisten"

	"thick/tools/internal/db"
)

// Job is one claimed job as a handler sees it.
type Job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	Attempt     int // 1 on the first claim
	MaxAttempts int
	// Worker is the name under which the job is held (for queries that
	// check the lease, such as db.DocumentsStore, with Claim).
	Worker string

	hold *hold
}

// Claim is the claim under which the job is held now (core.jobs.claims as
// core.claim_jobs returned it): pass it with Worker to the queries that
// check the lease, such as db.DocumentsStore. It changes while the handler
// runs when this worker claims the job again (its lease expired while the
// heartbeats could not reach the database): the running handler goes on
// under the new claim, so read it at each query. Zero for a Job that no
// worker claimed (a handler called directly).
func (j Job) Claim() int {
	if j.hold == nil {
		return 0
	}
	return j.hold.current()
}

// Reclaimed reports whether this worker claimed the job again since claim
// (waiting for a claim in flight to return first): a query made under claim
// that found the job no longer held should then be made again under
// Claim(). False means the job is really lost: the run goes on under no
// claim, and a claim of the job by this worker that comes after is not
// adopted but run after this run ends.
func (j Job) Reclaimed(claim int) bool {
	return j.hold != nil && j.hold.reclaimed(claim)
}

// hold is this worker's claim on a job it runs, shared by the handler, the
// heartbeat and the recording of the outcome. A claim of the same job while
// it runs (see Worker.busy) stores the new claim here: they all adopt it,
// until the hold is closed.
//
// A closed hold adopts no claim: its run can no longer record its outcome
// under a claim of its own (the database refused its claim, none newer of
// this worker's had come: another holder took the job over), or its
// outcome must not go under a newer claim (a failure a retry may cure:
// recorded under the next claim, it would spend that claim's attempt
// without a run). A claim of the job that comes after is run apart, once
// this run ended (take): a claim is never spent without a run.
type hold struct {
	id    int64
	claim atomic.Int64
	// claiming is held (for writing) by the fetch loop from a claim's
	// query until its claims are adopted
	claiming *sync.RWMutex

	mu     sync.Mutex // guards closed, and a claim's adoption against it
	closed bool
	// after is the end of the job's previous run in this worker (a closed
	// hold's), which this run waits for before it calls the handler; nil
	// when there is none
	after <-chan struct{}
	done  chan struct{} // closed when the run ends (untake)
}

func (h *hold) current() int { return int(h.claim.Load()) }

// reclaimed waits for a claim in flight, then reports whether the claim
// is no longer claim. A query under claim that the database refused saw
// every claim committed before it; such a claim's answer is adopted before
// the fetch loop lets go of claiming. False closes the hold: claim was
// the last one, and the job is no longer held under it.
func (h *hold) reclaimed(claim int) bool {
	h.claiming.RLock()
	defer h.claiming.RUnlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.current() != claim {
		return true
	}
	h.closed = true
	return false
}

// close makes the hold adopt no claim from now on.
func (h *hold) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
}

// under calls f with the current claim, and again with the new one each
// time f finds the job no longer held because this worker claimed it again
// meanwhile (a closed hold's claim does not change: f is called once).
func (h *hold) under(f func(claim int) (bool, error)) (bool, error) {
	for {
		claim := h.current()
		held, err := f(claim)
		if err != nil || held || !h.reclaimed(claim) {
			return held, err
		}
	}
}

// Handler does one job's work. Returning nil completes the job; an error
// fails the attempt (the database retries it after a backoff, dead after
// its attempts), unless it is Permanent, which makes the job dead at once.
// The context is cancelled when the worker loses the job's lease or gives
// up waiting for it at shutdown.
type Handler func(ctx context.Context, job Job) error

// permanentError marks a failure that no retry can cure.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps err so that the job fails for good (an SMTP 5xx, a
// gateway's 4xx, a payload that cannot be rendered).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Config configures a worker. Zero values take the defaults noted.
type Config struct {
	Queue       string // mailer, pdfgen or sms
	Name        string // the lease holder's name (default <queue>-<host>-<pid>-<random>)
	DatabaseURL string
	// Handlers by job kind (queue.what); a claimed job of another kind is
	// failed with an error naming it (dead after its attempts).
	Handlers map[string]Handler
	// Concurrency is the number of handlers running at once (default 8).
	Concurrency int
	// Batch is the most jobs claimed at once (default Concurrency); a
	// claim never takes more than the free handler slots.
	Batch int
	// Lease of a claimed job (default 1 minute); running jobs extend it
	// every Heartbeat (default Lease/3).
	Lease     time.Duration
	Heartbeat time.Duration
	// PollInterval is the period of the claims made without a
	// notification (default 5 s, jittered by ±20%).
	PollInterval time.Duration
	// FetchCooldown is the least time between two claims (default 2 ms):
	// under load, handlers finishing together are refilled by one claim
	// rather than one claim each. An idle worker claims at once.
	FetchCooldown time.Duration
	// ReconnectDelay before the listener reconnects (default 1 s).
	ReconnectDelay time.Duration
	// ShutdownTimeout is how long running handlers may finish after the
	// context is cancelled; what still runs is then released (default 10 s).
	ShutdownTimeout time.Duration
	// MaxConns of the pool (default Concurrency+2).
	MaxConns int32
	Logger   *slog.Logger
	Metrics  *Metrics // default a new one for Queue
}

// Worker is a running queue loop.
type Worker struct {
	cfg     Config
	pool    *pgxpool.Pool
	log     *slog.Logger
	metrics *Metrics

	wake  chan struct{} // a notification or a freed slot: claim now
	slots chan struct{} // one token per running handler

	mu sync.Mutex
	// running holds the runs whose handler has not returned, or not begun
	// (their holds)
	running map[*hold]struct{}
	// busy holds the jobs this worker runs or has yet to record the
	// outcome of, from claim to record: a job claimed again meanwhile (its
	// lease expired while the heartbeats could not reach the database) is
	// not run a second time; the run adopts the new claim instead, unless
	// its hold is closed: the new claim is then run after it.
	busy map[int64]*hold
	// claiming is held from a claim's query until the claims it returned
	// for busy jobs are adopted (hold.reclaimed)
	claiming sync.RWMutex

	completions chan completion // to the completer
}

// completion asks the completer to record a finished job; done is called
// with the outcome: whether the worker still held it.
type completion struct {
	id   int64
	hold *hold
	done func(completed)
}

type completed struct {
	held bool
	err  error
}

// New connects the pool (lazily: the database may be down at start) and
// returns a worker ready to Run.
func New(ctx context.Context, cfg Config) (*Worker, error) {
	if cfg.Queue == "" {
		return nil, errors.New("worker: Queue is required")
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.Batch <= 0 || cfg.Batch > cfg.Concurrency {
		cfg.Batch = cfg.Concurrency
	}
	if cfg.Batch > 1000 {
		cfg.Batch = 1000
	}
	if cfg.Lease <= 0 {
		cfg.Lease = time.Minute
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = cfg.Lease / 3
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.ReconnectDelay <= 0 {
		cfg.ReconnectDelay = time.Second
	}
	if cfg.FetchCooldown <= 0 {
		cfg.FetchCooldown = 2 * time.Millisecond
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = int32(cfg.Concurrency) + 2
	}
	if cfg.Name == "" {
		cfg.Name = DefaultName(cfg.Queue)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics(cfg.Queue)
	}
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	pc.MaxConns = cfg.MaxConns
	pc.ConnConfig.RuntimeParams["application_name"] = cfg.Name
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return &Worker{
		cfg:     cfg,
		pool:    pool,
		log:     cfg.Logger.With("queue", cfg.Queue, "worker", cfg.Name),
		metrics: cfg.Metrics,
		wake:    make(chan struct{}, 1),
		slots:   make(chan struct{}, cfg.Concurrency),
		running: make(map[*hold]struct{}),
		busy:    make(map[int64]*hold),
		// room for a batch of every handler's; beyond it a finished
		// handler waits (and holds its slot) until the completer catches up
		completions: make(chan completion, 4*cfg.Concurrency),
	}, nil
}

// DefaultName is <queue>-<host>-<pid>-<6 random hex digits>: unique per
// process, readable in core.jobs.locked_by.
func DefaultName(queue string) string {
	host, _ := os.Hostname()
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%s-%d-%s", queue, host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Handle registers h for job kind (before Run).
func (w *Worker) Handle(kind string, h Handler) {
	if w.cfg.Handlers == nil {
		w.cfg.Handlers = make(map[string]Handler)
	}
	w.cfg.Handlers[kind] = h
}

// Name is the lease holder's name.
func (w *Worker) Name() string { return w.cfg.Name }

// Logger is the worker's logger (queue and worker name attached), for
// handlers that log what is not an error of the job.
func (w *Worker) Logger() *slog.Logger { return w.log }

// Metrics are the worker's counters.
func (w *Worker) Metrics() *Metrics { return w.metrics }

// Pool is the worker's connection pool (handlers that query through it).
func (w *Worker) Pool() *pgxpool.Pool { return w.pool }

// Close closes the pool.
func (w *Worker) Close() { w.pool.Close() }

// Ping reports whether the database answers (the health check).
func (w *Worker) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return w.pool.Ping(ctx)
}

// Run listens, claims and runs jobs until ctx is cancelled, then shuts down
// as the package says and returns nil.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("worker started", "concurrency", w.cfg.Concurrency, "batch", w.cfg.Batch,
		"lease", w.cfg.Lease, "poll", w.cfg.PollInterval)

	// handlers run under their own context: a shutdown lets them finish
	jobsCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()

	listenCtx, stopListen := context.WithCancel(ctx)
	listenDone := make(chan struct{})
	go func() {
		defer close(listenDone)
		w.listen(listenCtx)
	}()

	completerDone := make(chan struct{})
	stopCompleter := make(chan struct{})
	go func() {
		defer close(completerDone)
		w.completer(jobsCtx, stopCompleter)
	}()
	defer func() {
		close(stopCompleter)
		<-completerDone
	}()

	var wg sync.WaitGroup
	w.fetchLoop(ctx, jobsCtx, &wg)
	stopListen()
	<-listenDone

	// shutdown: no more claims; running handlers get ShutdownTimeout
	n := len(w.slots)
	w.log.Info("shutting down", "in_flight", n, "grace", w.cfg.ShutdownTimeout)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(w.cfg.ShutdownTimeout):
		w.log.Warn("shutdown grace over: releasing the jobs still running")
		stopJobs()
		select {
		case <-done:
		case <-time.After(abandonAfter):
			// a handler that ignores its context: give its job back here
			// and leave it behind (the process is about to exit)
			w.abandon()
		}
	}
	w.log.Info("worker stopped")
	return nil
}

// abandonAfter is how long handlers have to return once their context is
// cancelled at shutdown before their jobs are released without them.
const abandonAfter = 5 * time.Second

// abandon releases the jobs whose handlers did not return.
func (w *Worker) abandon() {
	w.mu.Lock()
	holds := make([]*hold, 0, len(w.running))
	for h := range w.running {
		holds = append(holds, h)
	}
	w.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, h := range holds {
		id := h.id
		held, err := h.under(func(claim int) (bool, error) { return db.JobsRelease(ctx, w.pool, id, w.cfg.Name, claim) })
		switch {
		case err != nil:
			w.log.Error("release failed; the lease will expire", "job", id, "err", err)
		case held:
			w.metrics.released.Add(1)
			w.log.Warn("released at shutdown; its handler did not return", "job", id)
		}
	}
}

// listen wakes the fetch loop on every notification for the queue and
// after every (re)connection, when the backlog must be drained.
func (w *Worker) listen(ctx context.Context) {
	l := &pgxlisten.Listener{
		Connect: func(ctx context.Context) (*pgx.Conn, error) {
			cc, err := pgx.ParseConfig(w.cfg.DatabaseURL)
			if err != nil {
				return nil, err
			}
			cc.RuntimeParams["application_name"] = w.cfg.Name + " listener"
			return pgx.ConnectConfig(ctx, cc)
		},
		LogError: func(ctx context.Context, err error) {
			if ctx.Err() == nil {
				w.metrics.listenErrors.Add(1)
				w.log.Warn("listener", "err", err, "reconnect_in", w.cfg.ReconnectDelay)
			}
		},
		ReconnectDelay: w.cfg.ReconnectDelay,
	}
	l.Handle(db.JobsNotifyChannel, listenHandler{w})
	_ = l.Listen(ctx)
}

type listenHandler struct{ w *Worker }

func (h listenHandler) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	if n.Payload == h.w.cfg.Queue {
		h.w.metrics.notifications.Add(1)
		h.w.poke()
	}
	return nil
}

// HandleBacklog runs after every LISTEN, at start and after a reconnect:
// jobs enqueued while no one listened are claimed now.
func (h listenHandler) HandleBacklog(context.Context, string, *pgx.Conn) error {
	h.w.metrics.listens.Add(1)
	h.w.log.Debug("listening; draining the backlog")
	h.w.poke()
	return nil
}

func (w *Worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// fetchLoop claims while there are free slots and jobs, then waits for a
// notification, a freed slot or the poll timer. It returns when ctx is
// cancelled.
func (w *Worker) fetchLoop(ctx, jobsCtx context.Context, wg *sync.WaitGroup) {
	backoff := time.Duration(0)
	timer := time.NewTimer(0) // claim once at start, listener or not
	defer timer.Stop()
	var lastClaim time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-timer.C:
		}
		for ctx.Err() == nil {
			if wait := w.cfg.FetchCooldown - time.Since(lastClaim); wait > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
			free := cap(w.slots) - len(w.slots)
			if free == 0 {
				break // a finishing handler pokes
			}
			n := min(free, w.cfg.Batch)
			lastClaim = time.Now()
			jobs, fresh, err := w.claim(ctx, n)
			if ctx.Err() != nil {
				// the shutdown began during the claim: what it took is
				// given back at once, its attempt not spent (but not a
				// job this worker still runs: that run records it, under
				// the new claim)
				w.giveBack(fresh)
				return
			}
			if err != nil {
				w.metrics.setDBUp(false)
				w.metrics.claimErrors.Add(1)
				backoff = min(max(2*backoff, 500*time.Millisecond), 30*time.Second)
				w.log.Warn("claim failed; backing off", "err", err, "retry_in", backoff)
				break
			}
			backoff = 0
			w.metrics.setDBUp(true)
			w.metrics.claimed.Add(int64(len(jobs)))
			for _, f := range fresh {
				w.slots <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					w.run(jobsCtx, f.row, f.hold)
					<-w.slots
					w.poke()
				}()
			}
			if len(jobs) < n {
				break // the queue is drained
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		next := jitter(w.cfg.PollInterval)
		if backoff > 0 {
			next = jitter(backoff)
		}
		timer.Reset(next)
	}
}

// freshJob is a claimed job that this worker does not run yet, with the
// hold its run shares.
type freshJob struct {
	row  db.JobsClaimRow
	hold *hold
}

// take marks the claimed job busy and returns its hold; false when it
// already was: this worker still runs it, and that run adopts the new
// claim. A job whose run here holds a closed hold gets a new hold, true:
// a run of its own, which waits for that one to end.
func (w *Worker) take(j db.JobsClaimRow) (*hold, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	prev := w.busy[j.ID]
	if prev != nil {
		prev.mu.Lock()
		closed := prev.closed
		if !closed {
			prev.claim.Store(int64(j.Claim))
		}
		prev.mu.Unlock()
		if !closed {
			return prev, false
		}
	}
	h := &hold{id: j.ID, claiming: &w.claiming, done: make(chan struct{})}
	h.claim.Store(int64(j.Claim))
	if prev != nil {
		h.after = prev.done
	}
	w.busy[j.ID] = h
	return h, true
}

// untake ends what take began, once the job's outcome is recorded: the
// hold adopts no claim any more, and the job's next run here (if it came
// already) may begin.
func (w *Worker) untake(h *hold) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.busy[h.id] == h {
		delete(w.busy, h.id)
	}
	h.close()
	close(h.done)
}

// claim runs core.claim_jobs for up to n jobs, and returns them all and
// those of them that this worker does not run yet (fresh); a job it still
// runs (claimed again: its lease expired while the heartbeats could not
// reach the database) is not run twice, its run adopts the new claim. The
// query is not cancelled by the shutdown (ctx): a claim interrupted in
// flight may have committed on the server all the same, leaving its jobs
// running under a lease that no one works on until it expires, their
// attempt spent. It waits for the answer instead, for at most
// ShutdownTimeout.
func (w *Worker) claim(ctx context.Context, n int) ([]db.JobsClaimRow, []freshJob, error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.cfg.ShutdownTimeout)
	defer cancel()
	// a query of a run refused under its claim waits for this claim's
	// answer before it looks whether its job was claimed again
	w.claiming.Lock()
	defer w.claiming.Unlock()
	jobs, err := db.JobsClaim(cctx, w.pool, w.cfg.Queue, w.cfg.Name, n, w.cfg.Lease)
	if err != nil {
		return nil, nil, err
	}
	var fresh []freshJob
	for _, j := range jobs {
		h, ok := w.take(j)
		if !ok {
			w.log.Warn("claimed a job this worker still runs: not run twice, the run goes on under the new claim",
				"job", j.ID, "attempt", j.Attempt, "claim", j.Claim)
			continue
		}
		if h.after != nil {
			w.log.Warn("claimed a job whose run here can no longer record under its claim: run once that run ends",
				"job", j.ID, "attempt", j.Attempt, "claim", j.Claim)
		}
		fresh = append(fresh, freshJob{row: j, hold: h})
	}
	return jobs, fresh, nil
}

// giveBack releases claimed jobs that will not run (a claim that returned
// after the shutdown began) without spending their attempt.
func (w *Worker) giveBack(jobs []freshJob) {
	if len(jobs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.ShutdownTimeout)
	defer cancel()
	for _, f := range jobs {
		j := f.row
		held, err := retry(ctx, func() (bool, error) {
			return f.hold.under(func(claim int) (bool, error) { return db.JobsRelease(ctx, w.pool, j.ID, w.cfg.Name, claim) })
		})
		switch {
		case err != nil:
			w.log.Error("release failed; the lease will expire", "job", j.ID, "err", err)
		case held:
			w.metrics.released.Add(1)
			w.log.Info("claimed as the shutdown began: released", "job", j.ID)
		}
		w.untake(f.hold)
	}
}

// jitter returns d ± 20%.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((mrand.Float64()*0.4-0.2)*float64(d))
}

// run executes one job and records its outcome.
// Every query it makes as the job's holder goes under h's claim, the new
// one when this worker claimed the job again meanwhile.
func (w *Worker) run(jobsCtx context.Context, c db.JobsClaimRow, h *hold) {
	job := Job{ID: c.ID, Kind: c.Kind, Payload: c.Payload, Attempt: c.Attempt, MaxAttempts: c.MaxAttempts, Worker: w.cfg.Name, hold: h}
	log := w.log.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempt)
	w.metrics.inFlight.Add(1)
	defer w.metrics.inFlight.Add(-1)

	// the job stays busy until its outcome is recorded: here, or by the
	// completer for a job done
	handedOver := false
	defer func() {
		if !handedOver {
			w.untake(h)
		}
	}()

	ctx, cancel := context.WithCancelCause(jobsCtx)
	defer cancel(nil)
	w.mu.Lock()
	w.running[h] = struct{}{}
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.running, h)
		w.mu.Unlock()
	}()

	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		w.heartbeat(ctx, job.ID, h, func() { cancel(errLeaseLost) }, log)
	}()

	start := time.Now()
	var err error
	if h.after != nil {
		// the job's previous run here, which lost its claim, has not ended:
		// never two runs of a job at once in a worker
		select {
		case <-h.after:
		case <-ctx.Done():
			err = context.Cause(ctx)
		}
	}
	switch handler := w.cfg.Handlers[job.Kind]; {
	case err != nil:
	case handler == nil:
		err = fmt.Errorf("no handler for job kind %q in the %s worker", job.Kind, w.cfg.Queue)
	default:
		err = safeCall(ctx, handler, job)
	}
	cause := context.Cause(ctx)
	cancel(nil)
	<-hbDone

	// the outcome is written with a context of its own: a shutdown must not
	// leave a finished job running until its lease expires
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(jobsCtx), w.cfg.Lease)
	defer fcancel()
	switch {
	case errors.Is(cause, errLeaseLost):
		w.metrics.lost.Add(1)
		log.Warn("lease lost: another worker may hold the job; its outcome is not recorded", "err", err)
	case jobsCtx.Err() != nil && err != nil:
		// shutdown grace over: give the job back without spending an attempt
		held, rerr := retry(fctx, func() (bool, error) {
			return h.under(func(claim int) (bool, error) { return db.JobsRelease(fctx, w.pool, job.ID, w.cfg.Name, claim) })
		})
		if rerr != nil {
			log.Error("release failed; the lease will expire", "err", rerr)
			return
		}
		if held {
			w.metrics.released.Add(1)
			log.Info("released at shutdown")
		}
	case err == nil:
		// recorded by the completer, with the jobs finishing meanwhile; the
		// slot is free for the next job at once (Run waits for the
		// completer before it returns)
		handedOver = true
		w.completions <- completion{id: job.ID, hold: h, done: func(c completed) {
			defer w.untake(h)
			switch {
			case c.err != nil:
				log.Error("complete failed; the lease will expire and the job run again", "err", c.err)
			case !c.held:
				w.metrics.lost.Add(1)
				log.Warn("done, but the job was no longer held: another worker took it over")
			default:
				w.metrics.done.Add(1)
				w.metrics.lastSuccess.Store(time.Now().Unix())
				log.Info("done", "took", time.Since(start).Round(time.Millisecond))
			}
		}}
	case IsPermanent(err):
		// final, as a completion is: a claim of this worker's that comes
		// while it is recorded is adopted and the job dead under it (no
		// retry cures it; its attempt is not wanted)
		held, ferr := retry(fctx, func() (bool, error) {
			return h.under(func(claim int) (bool, error) {
				return db.JobsFailPermanently(fctx, w.pool, job.ID, w.cfg.Name, claim, err.Error())
			})
		})
		w.metrics.failed.Add(1)
		switch {
		case ferr != nil:
			log.Error("recording the failure failed", "err", ferr, "job_err", err)
		case !held:
			w.metrics.lost.Add(1)
			log.Warn("failed, but the job was no longer held", "err", err)
		default:
			w.metrics.dead.Add(1)
			log.Error("failed permanently: dead", "err", err)
		}
	default:
		// a failure a retry may cure is this claim's: a claim of this
		// worker's that comes while it is recorded (the lease ran out
		// meanwhile) is the retry, run after this run, not an attempt
		// spent on this failure
		h.close()
		var state string
		held, ferr := retry(fctx, func() (bool, error) {
			return h.under(func(claim int) (bool, error) {
				s, held, e := db.JobsFail(fctx, w.pool, job.ID, w.cfg.Name, claim, err.Error())
				state = s
				return held, e
			})
		})
		w.metrics.failed.Add(1)
		switch {
		case ferr != nil:
			log.Error("recording the failure failed", "err", ferr, "job_err", err)
		case !held:
			w.metrics.lost.Add(1)
			log.Warn("failed, but the job was no longer held", "err", err)
		case state == db.JobDead:
			w.metrics.dead.Add(1)
			log.Error("failed on its last attempt: dead", "err", err)
		default:
			w.metrics.retried.Add(1)
			log.Warn("failed; the database retries it after a backoff", "err", err)
		}
	}
}

var errLeaseLost = errors.New("lease lost")

// completer records finished jobs in batches: while one batch is being
// written, the jobs finishing meanwhile gather for the next, so a busy
// worker writes many completions per round trip and an idle one writes
// each at once. It returns when stop is closed and nothing is queued.
func (w *Worker) completer(jobsCtx context.Context, stop <-chan struct{}) {
	for {
		var first completion
		select {
		case first = <-w.completions:
		case <-stop:
			// Run stops the completer once every handler returned (or was
			// abandoned): record what is still queued, then return
			select {
			case first = <-w.completions:
			default:
				return
			}
		}
		batch := []completion{first}
	gather:
		for len(batch) < 1000 {
			select {
			case c := <-w.completions:
				batch = append(batch, c)
			default:
				break gather
			}
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(jobsCtx), w.cfg.Lease)
		w.completeBatch(ctx, batch)
		cancel()
	}
}

// completeBatch records a batch of finished jobs, each under its current
// claim; a job found no longer held because this worker claimed it again
// meanwhile is completed again under the new claim.
func (w *Worker) completeBatch(ctx context.Context, batch []completion) {
	for len(batch) > 0 {
		ids := make([]int64, len(batch))
		claims := make([]int, len(batch))
		for i, c := range batch {
			ids[i] = c.id
			claims[i] = c.hold.current()
		}
		var done []int64
		_, err := retry(ctx, func() (bool, error) {
			var err error
			done, err = db.JobsCompleteMany(ctx, w.pool, ids, w.cfg.Name, claims)
			return true, err
		})
		held := make(map[int64]bool, len(done))
		for _, id := range done {
			held[id] = true
		}
		var again []completion
		for i, c := range batch {
			if err == nil && !held[c.id] && c.hold.reclaimed(claims[i]) {
				again = append(again, c)
				continue
			}
			c.done(completed{held: held[c.id], err: err})
		}
		batch = again
	}
}

// safeCall runs h, turning a panic into a permanent failure of the job: a
// panic is a bug that the same payload meets again, so retrying it would
// only spend the job's attempts (15, over an hour and a half).
func safeCall(ctx context.Context, h Handler, job Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("handler panic: %v", r))
		}
	}()
	return h(ctx, job)
}

// heartbeat extends the job's lease every Heartbeat until ctx ends, under
// h's claim; when the database says the job is no longer held under it (nor
// under a new claim of this worker's) it calls lost.
func (w *Worker) heartbeat(ctx context.Context, id int64, h *hold, lost func(), log *slog.Logger) {
	t := time.NewTicker(w.cfg.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		held, err := h.under(func(claim int) (bool, error) {
			return db.JobsExtendLease(ctx, w.pool, id, w.cfg.Name, claim, w.cfg.Lease)
		})
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("heartbeat failed", "err", err)
		case err == nil && !held:
			lost()
			return
		case err == nil:
			w.metrics.heartbeats.Add(1)
		}
	}
}

// retry calls f until it succeeds or ctx ends, backing off from 200 ms to
// 5 s: an outcome is worth waiting for while the database restarts.
func retry(ctx context.Context, f func() (bool, error)) (bool, error) {
	wait := 200 * time.Millisecond
	for {
		ok, err := f()
		if err == nil {
			return ok, nil
		}
		if db.IsSQLState(err, "42501") || db.IsSQLState(err, "22023") {
			return false, err // refused, not unreachable
		}
		select {
		case <-ctx.Done():
			return false, err
		case <-time.After(jitter(wait)):
		}
		wait = min(2*wait, 5*time.Second)
	}
}
