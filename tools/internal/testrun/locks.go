package testrun

// Lock waits between files. Files side by side on the shared database may
// lock the same demo rows (two files registering a lead both mark the same
// agent as just assigned): the second waits for the first's whole
// transaction, its worker idle. The files' sessions report such a wait to
// the runner (log_lock_waits, sent to the client with client_min_messages
// = log: the server's message after deadlock_timeout, 100 ms, and again
// when the lock comes); the runner asks the server which sessions hold the
// lock (pg_blocking_pids) and names their files, and the file's line says
// how long it waited and for which files: a suite that keeps stalling
// behind another shows which rows to take differently.

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// lockWaitRE and lockAcquiredRE read the server's messages of a lock wait
// (English messages only: on a server with other lc_messages nothing is
// learnt, and nothing else changes).
var (
	lockWaitRE     = regexp.MustCompile(`^process (\d+) still waiting for .+ after [\d.]+ ms$`)
	lockAcquiredRE = regexp.MustCompile(`^process (\d+) acquired .+ after ([\d.]+) ms$`)
)

// lockWatch follows the files' lock waits during a run.
type lockWatch struct {
	env *Env
	ctx context.Context // the run's

	mu      sync.Mutex
	running map[uint32]*File // the file each worker's session runs, by server process
}

func newLockWatch(ctx context.Context, env *Env) *lockWatch {
	return &lockWatch{env: env, ctx: ctx, running: map[uint32]*File{}}
}

// runs records that the session of server process pid runs f (nil: none).
func (w *lockWatch) runs(pid uint32, f *File) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if f == nil {
		delete(w.running, pid)
	} else {
		w.running[pid] = f
	}
}

// notice reads a message the server sent a file's session.
func (w *lockWatch) notice(pid uint32, n *pgconn.Notice) {
	ctx := w.ctx
	if n.Severity != "LOG" {
		return
	}
	if m := lockAcquiredRE.FindStringSubmatch(n.Message); m != nil && m[1] == strconv.FormatUint(uint64(pid), 10) {
		ms, _ := strconv.ParseFloat(m[2], 64)
		w.mu.Lock()
		if f := w.running[pid]; f != nil {
			f.Waited += time.Duration(ms * float64(time.Millisecond))
		}
		w.mu.Unlock()
		return
	}
	if m := lockWaitRE.FindStringSubmatch(n.Message); m == nil || m[1] != strconv.FormatUint(uint64(pid), 10) {
		return
	}
	// still waiting: the holders are the sessions pg_blocking_pids names,
	// asked at once on the run's admin connection (the wait may end soon)
	var blockers []uint32
	w.env.adminMu.Lock()
	if w.env.admin != nil {
		_ = w.env.admin.QueryRow(ctx, "select pg_catalog.pg_blocking_pids($1)::int8[]", int64(pid)).Scan(&blockers)
	}
	w.env.adminMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.running[pid]
	if f == nil {
		return
	}
	for _, b := range blockers {
		if other := w.running[b]; other != nil && other != f && !slices.Contains(f.WaitedFor, other.Path) {
			f.WaitedFor = append(f.WaitedFor, other.Path)
		}
	}
}

// connectFile opens a session for test files on db whose lock waits the
// watch hears (and, kept for a later run, that run's: fileConn.sink).
// Statements go unnamed (the runner's reset deallocates prepared
// statements between files), so that a kept session may also reload the
// database's code (reloadKept).
func (w *lockWatch) connectFile(ctx context.Context, db string) (*fileConn, error) {
	cfg, err := pgx.ParseConfig(w.env.srv.URL(db))
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	sink := &atomic.Pointer[lockWatch]{}
	sink.Store(w)
	cfg.OnNotice = func(c *pgconn.PgConn, n *pgconn.Notice) {
		if lw := sink.Load(); lw != nil {
			lw.notice(c.PID(), n)
		}
	}
	px, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &fileConn{px: px, conn: px.PgConn(), sink: sink}, nil
}
