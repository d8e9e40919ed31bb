package worker_test

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgtest"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

// holdProxy forwards TCP connections to the database. While held, an
// answer of the server that carries marker (a claim that took the marked
// job) is kept back: the query ran on the server, its answer does not
// reach the client. Everything else passes.
type holdProxy struct {
	addr   string
	marker []byte
	mu     sync.Mutex
	held   bool
	cond   *sync.Cond
}

func startHoldProxy(t *testing.T, target, marker string) *holdProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &holdProxy{addr: l.Addr().String(), marker: []byte(marker)}
	p.cond = sync.NewCond(&p.mu)
	var conns sync.WaitGroup
	t.Cleanup(func() { _ = l.Close(); p.hold(false); conns.Wait() })
	pipe := func(dst, src net.Conn, hold bool) {
		defer conns.Done()
		defer dst.Close()
		buf := make([]byte, 32*1024)
		var tail []byte // the marker may span two reads
		for {
			n, err := src.Read(buf)
			if n > 0 {
				if hold {
					window := append(tail, buf[:n]...)
					if bytes.Contains(window, p.marker) {
						p.mu.Lock()
						for p.held {
							p.cond.Wait()
						}
						p.mu.Unlock()
					}
					tail = append([]byte(nil), window[max(0, len(window)-len(p.marker)):]...)
				}
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	go func() {
		for {
			client, err := l.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				_ = client.Close()
				continue
			}
			conns.Add(2)
			go pipe(server, client, false)
			go pipe(client, server, true)
		}
	}()
	return p
}

func (p *holdProxy) hold(on bool) {
	p.mu.Lock()
	p.held = on
	p.mu.Unlock()
	p.cond.Broadcast()
}

// A claim in flight when the shutdown begins may already be committed on
// the server: the worker waits for its answer and gives the jobs back
// without spending an attempt, rather than cancel the query and leave them
// running under a lease no one works on.
func TestClaimInFlightAtShutdownGivesJobsBack(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	u, err := url.Parse(d.AdminURL)
	require.NoError(t, err)
	tcp, err := url.Parse(pgtest.Cluster().TCPURL(u.Path[1:]))
	require.NoError(t, err)
	const marker = "hold-this-claim-1b7e"
	proxy := startHoldProxy(t, tcp.Host, marker)
	tcp.Host = proxy.addr
	cfg := config(d)
	cfg.Name = "shutdown-claim"
	cfg.DatabaseURL = worktest.AsRole(tcp.String(), worktest.LoginRole)
	cfg.ShutdownTimeout = 10 * time.Second

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := worker.New(ctx, cfg)
	require.NoError(t, err)
	withTestHandler(w)
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	t.Cleanup(func() { cancel(); proxy.hold(false); <-done; w.Close() })
	waitFor(t, "the listener is up", func() bool { return w.Metrics().Snapshot().Listens >= 1 })

	proxy.hold(true)
	id := d.Enqueue(t, "mailer.test", map[string]string{"note": marker}, "")
	// the claim that takes the job runs on the server; its answer, which
	// carries the marker, is held back
	waitFor(t, "the job is claimed", func() bool { return d.Job(t, id).LockedBy == "shutdown-claim" })
	cancel()
	// the answer arrives after the shutdown began (long enough after it
	// that a claim cancelled with the shutdown would have given up)
	time.Sleep(300 * time.Millisecond)
	proxy.hold(false)
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		require.FailNow(t, "the worker did not stop")
	}
	require.Equal(t, worktest.Job{State: "pending", Attempt: 0}, d.Job(t, id), "given back, its attempt not spent")
	s := w.Metrics().Snapshot()
	require.Equal(t, int64(1), s.Released)
	require.Zero(t, s.Done+s.Failed, "and not run")
}
