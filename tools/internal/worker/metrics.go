package worker

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Metrics are a worker's counters, served in Prometheus' text format.
type Metrics struct {
	queue string

	claimed, done, failed, retried, dead atomic.Int64
	released, lost, heartbeats           atomic.Int64
	inFlight                             atomic.Int64
	notifications, listens, listenErrors atomic.Int64
	claimErrors                          atomic.Int64
	lastSuccess                          atomic.Int64 // unix seconds, 0 before the first
	dbUp                                 atomic.Int32 // 1 after a successful claim, 0 after a failed one
}

// NewMetrics returns zeroed counters for queue.
func NewMetrics(queue string) *Metrics { return &Metrics{queue: queue} }

func (m *Metrics) setDBUp(up bool) {
	if up {
		m.dbUp.Store(1)
	} else {
		m.dbUp.Store(0)
	}
}

// Snapshot is the counters at one moment.
type Snapshot struct {
	Claimed, Done, Failed, Retried, Dead, Released, Lost, InFlight int64
	Notifications, Listens, ListenErrors, Heartbeats, ClaimErrors  int64
	LastSuccess                                                    time.Time
}

// Snapshot reads the counters.
func (m *Metrics) Snapshot() Snapshot {
	s := Snapshot{
		Claimed: m.claimed.Load(), Done: m.done.Load(), Failed: m.failed.Load(), Retried: m.retried.Load(),
		Dead: m.dead.Load(), Released: m.released.Load(), Lost: m.lost.Load(), InFlight: m.inFlight.Load(),
		Notifications: m.notifications.Load(), Listens: m.listens.Load(), ListenErrors: m.listenErrors.Load(),
		Heartbeats: m.heartbeats.Load(), ClaimErrors: m.claimErrors.Load(),
	}
	if t := m.lastSuccess.Load(); t > 0 {
		s.LastSuccess = time.Unix(t, 0)
	}
	return s
}

// WritePrometheus writes the counters in Prometheus' text exposition format.
func (m *Metrics) WritePrometheus(w io.Writer) {
	metric := func(name, typ, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s{queue=%q} %d\n", name, help, name, typ, name, m.queue, v)
	}
	metric("thick_worker_jobs_claimed_total", "counter", "Jobs claimed from the queue.", m.claimed.Load())
	metric("thick_worker_jobs_done_total", "counter", "Jobs completed.", m.done.Load())
	metric("thick_worker_jobs_failed_total", "counter", "Failed attempts (retried or dead).", m.failed.Load())
	metric("thick_worker_jobs_retried_total", "counter", "Failed attempts the database retries after a backoff.", m.retried.Load())
	metric("thick_worker_jobs_dead_total", "counter", "Jobs that failed for good (last attempt, or a permanent error).", m.dead.Load())
	metric("thick_worker_jobs_released_total", "counter", "Jobs given back at shutdown without spending an attempt.", m.released.Load())
	metric("thick_worker_jobs_lease_lost_total", "counter", "Jobs whose lease another worker took over before their outcome was recorded.", m.lost.Load())
	metric("thick_worker_jobs_in_flight", "gauge", "Jobs running now.", m.inFlight.Load())
	metric("thick_worker_lease_extensions_total", "counter", "Lease extensions (heartbeats) of long jobs.", m.heartbeats.Load())
	metric("thick_worker_notifications_total", "counter", "core_jobs notifications received for the queue.", m.notifications.Load())
	metric("thick_worker_listens_total", "counter", "LISTEN (re)connections, each followed by a backlog claim.", m.listens.Load())
	metric("thick_worker_claim_errors_total", "counter", "Claims that failed (the database unreachable); each is followed by a growing backoff.", m.claimErrors.Load())
	metric("thick_worker_listen_errors_total", "counter", "Errors of the listening connection (each followed by a reconnect).", m.listenErrors.Load())
	metric("thick_worker_last_success_timestamp_seconds", "gauge", "Unix time of the last completed job (0: none yet).", m.lastSuccess.Load())
}

// HTTPHandler serves /metrics (Prometheus text) and /healthz: 200 "ok" while
// ping succeeds, 503 with the error while the database is unreachable.
func HTTPHandler(m *Metrics, ping func(context.Context) error) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.WritePrometheus(w)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := ping(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "database unreachable: %v\n", err)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

// Serve listens on addr and serves h until ctx is cancelled. It returns the
// bound address (addr may end in :0) once listening.
func Serve(ctx context.Context, addr string, h http.Handler) (string, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return ln.Addr().String(), errc, nil
}
