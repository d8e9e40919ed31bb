package testrun

// Kept: what `thick watch --test` keeps on the cache server from one run to
// the next, the test database its files shared and the files' sessions on
// it, so that the suites after a save start on warm sessions (their
// catalog caches and compiled functions loaded, pgTAP's tables made) instead
// of new ones. A new session costs a connection (about 20 ms on a small
// virtual machine), and its first file about twice its time.
//
// The database is kept on the terms of the spare (spare.go): the run
// finished, nothing committed into it, its sequences set back and its dead
// rows past autovacuum's threshold vacuumed; it keeps the run's name
// (thick_p<pid>_test: the watch's process) instead of the spare's, with the
// sessions connected, idle and reset as between two files. The next run
// takes it when the template is the same (its oid), after reloading its
// code in place on one of its sessions when only code files changed; the
// template's own reload then waits until after the suites, or until a
// clone needs it (ensureTemplate). On any doubt (another template or
// setup, a reload that fails, a session that no longer answers) it is
// dropped and the run starts as any other. When the watch ends, Release
// leaves it as the spare for the next run.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/project"
)

// Kept holds a test database and its sessions between runs (none at first).
type Kept struct {
	mu          sync.Mutex
	srv         Server
	db          string // "" when nothing is kept
	spare       string // the spare's name it goes to at Release
	templateOID uint32
	seqs        []sequenceState
	conns       []*fileConn
	// the runs' admin connection to the cache server (its postgres
	// database), kept between runs whatever is kept beside it: a new one
	// cost each save about 20 ms
	admin    *pgx.Conn
	adminURL string
}

// takeAdmin returns the admin connection the last run left for url when
// it still answers (nil otherwise: the caller connects).
func (k *Kept) takeAdmin(ctx context.Context, url string) *pgx.Conn {
	k.mu.Lock()
	admin, same := k.admin, k.adminURL == url
	k.admin = nil
	k.mu.Unlock()
	if admin == nil {
		return nil
	}
	// another server's is closed; this one's answers, and holds no lock a
	// run interrupted between taking and letting go of the cache's lock
	// might have left
	if !same {
		_ = admin.Close(ctx)
		return nil
	}
	if _, err := admin.Exec(ctx, "select pg_catalog.pg_advisory_unlock_all()"); err != nil {
		_ = admin.Close(ctx)
		return nil
	}
	return admin
}

// keepAdmin keeps a run's admin connection for the next run (it closes the
// one kept before, if any).
func (k *Kept) keepAdmin(ctx context.Context, admin *pgx.Conn, url string) {
	k.mu.Lock()
	old := k.admin
	k.admin, k.adminURL = admin, url
	k.mu.Unlock()
	if old != nil {
		_ = old.Close(ctx)
	}
}

// NewKept returns an empty Kept for a watch.
func NewKept() *Kept { return &Kept{} }

// fileConn is a session of the files and where its server messages go (the
// lock watch of the run it serves).
type fileConn struct {
	px   *pgx.Conn // the session, for the reload of the kept database's code
	conn *pgconn.PgConn
	sink *atomic.Pointer[lockWatch]
	// the worker that gave it back: the same worker takes it in the next
	// run, so that worker 0, which runs the alone files, finds the second
	// sessions the lock suites kept on it (tests.close_second_session)
	worker int
}

// take hands a run the kept database db if it is there for the template of
// oid tpl, with its sessions (those that answer) and sequences; ok is false
// when nothing fits, and what was kept is dropped then.
func (k *Kept) take(ctx context.Context, e *Env, tpl uint32) (conns []*fileConn, seqs []sequenceState, ok bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.db == "" {
		return nil, nil, false
	}
	db := k.db
	conns, seqs = k.conns, k.seqs
	k.db, k.conns, k.seqs = "", nil, nil
	fits := db == e.testDB && k.templateOID == tpl
	for _, c := range conns {
		if fits {
			if _, err := c.conn.Exec(ctx, "select 1").ReadAll(); err != nil {
				fits = false
			}
		}
	}
	if !fits {
		closeConns(ctx, conns)
		e.adminMu.Lock()
		_ = dropDatabase(ctx, e.admin, db)
		e.adminMu.Unlock()
		return nil, nil, false
	}
	return conns, seqs, true
}

// name returns the database kept ("" for none).
func (k *Kept) name() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.db
}

// Release leaves the kept database as the spare for the next run (or drops
// it when it cannot) and closes its sessions; the watch calls it as it ends.
func (k *Kept) Release(ctx context.Context) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.admin != nil {
		_ = k.admin.Close(ctx)
		k.admin = nil
	}
	if k.db == "" {
		return
	}
	db := k.db
	k.db = ""
	closeConns(ctx, k.conns)
	k.conns = nil
	admin, err := pgx.Connect(ctx, k.srv.URL("postgres"))
	if err != nil {
		return
	}
	defer admin.Close(ctx)
	if commentDatabase(ctx, admin, db, spareComment(k.templateOID)) != nil || renameDatabase(ctx, admin, db, k.spare) != nil {
		_ = dropDatabase(ctx, admin, db)
	}
}

func closeConns(ctx context.Context, conns []*fileConn) {
	for _, c := range conns {
		_ = c.conn.Close(ctx)
	}
}

// takeIdle returns a kept session for worker on the database of
// generation gen (only the first generation's database is the kept one),
// the one that worker gave back when there is one, or nil.
func (e *Env) takeIdle(gen, worker int) *pgconn.PgConn {
	if gen != 0 {
		return nil
	}
	e.connMu.Lock()
	defer e.connMu.Unlock()
	if len(e.idle) == 0 {
		return nil
	}
	k := len(e.idle) - 1
	for j, c := range e.idle {
		if c.worker == worker {
			k = j
		}
	}
	c := e.idle[k]
	e.idle = slices.Delete(e.idle, k, k+1)
	c.sink.Store(e.locks)
	e.conns[c.conn] = c
	return c.conn
}

// giveBack takes a worker's session at the end of the files: kept with the
// database for a watch's next run (Close decides), closed otherwise.
func (e *Env) giveBack(ctx context.Context, conn *pgconn.PgConn, gen, worker int) {
	e.connMu.Lock()
	c := e.conns[conn]
	delete(e.conns, conn)
	if c != nil && gen == 0 && e.kept != nil && !conn.IsClosed() && ctx.Err() == nil {
		c.sink.Store(nil)
		c.worker = worker
		e.idle = append(e.idle, c)
		e.connMu.Unlock()
		return
	}
	e.connMu.Unlock()
	_ = conn.Close(context.WithoutCancel(ctx))
}

// keepForWatch keeps the test database and the idle sessions in e.kept when
// the run may keep its database (keepSpare's terms), and says whether it
// did; otherwise the sessions are closed.
func (e *Env) keepForWatch(ctx context.Context) bool {
	e.connMu.Lock()
	idle := e.idle
	e.idle = nil
	e.connMu.Unlock()
	if e.kept == nil || e.spare == "" || !e.finished || e.gen != 0 || e.tainted.Load() || ctx.Err() != nil || len(idle) == 0 {
		closeConns(ctx, idle)
		return false
	}
	// the sessions' statistics (which deadRowsVacuum reads) written now (a
	// session writes them when it leaves, or at most once a second), and
	// pgTAP's tables made anew: the files' rows leave dead ones behind,
	// which no vacuum takes from a temporary table
	var wg sync.WaitGroup
	for _, c := range idle {
		wg.Go(func() {
			_, _ = c.conn.Exec(ctx, "select pg_catalog.pg_stat_force_next_flush(); discard temp").ReadAll()
			primeTAP(ctx, c.conn)
		})
	}
	wg.Wait()
	// the vacuum waited for: the next save's files run on this database
	if _, ok := e.resetDatabase(ctx, true); !ok {
		closeConns(ctx, idle)
		return false
	}
	// each session reads the invalidations of the vacuum (and of the
	// template's reload) now: an idle session reads them with its next
	// statement, each walking its cached plans (over a thousand after a
	// run), which took the next run about 20 ms a session before its reload
	for _, c := range idle {
		wg.Go(func() { _, _ = c.conn.Exec(ctx, "select").ReadAll() })
	}
	wg.Wait()
	e.kept.mu.Lock()
	e.kept.srv, e.kept.db, e.kept.spare, e.kept.templateOID = e.srv, e.testDB, e.spare, e.templateOID
	e.kept.seqs, e.kept.conns = e.seqs, idle
	e.kept.mu.Unlock()
	e.created = slices.DeleteFunc(e.created, func(db string) bool { return db == e.testDB })
	return true
}

// useKept takes the kept database for this run when it is there for the
// template of oid tpl, after reload (nil: none) brought its code up to date
// through its sessions; on any failure the kept database is dropped and the
// reload's error returned (the run then goes on as any other).
func (e *Env) useKept(ctx context.Context, tpl uint32, reload func(conns []*fileConn) error) error {
	conns, seqs, ok := e.kept.take(ctx, e, tpl)
	if !ok {
		return errKeptUnfit
	}
	if reload != nil {
		err := reload(conns)
		if err == nil {
			// the reload committed its own rows (the object map's) and
			// drew from their sequences: the run sets the sequences back to
			// what they are now, not to what they were when kept
			seqs, err = sequencesOf(ctx, conns[0].conn)
		}
		if err != nil {
			closeConns(ctx, conns)
			e.adminMu.Lock()
			_ = dropDatabase(ctx, e.admin, e.testDB)
			e.adminMu.Unlock()
			return err
		}
	}
	e.idle, e.seqs, e.Reused = conns, seqs, true
	e.seqOnce.Do(func() {})
	e.created = append(e.created, e.testDB)
	return nil
}

// errKeptUnfit says that nothing kept fits the run.
var errKeptUnfit = errors.New("nothing kept for this template")

// templateOIDOf returns the oid of database db (0 when unknown).
func (e *Env) templateOIDOf(ctx context.Context, db string) uint32 {
	var oid uint32
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	_ = e.admin.QueryRow(ctx, "select oid from pg_catalog.pg_database where datname = $1", db).Scan(&oid)
	return oid
}

// dropKept drops what is kept (another template's, or a setup's).
func (e *Env) dropKept(ctx context.Context) {
	_, _, _ = e.kept.take(ctx, e, 0)
}

// reloadKept brings the kept database's code up to date with p by the
// in-place reload, on the first of its sessions (warm, and connected
// already), or returns errNotReloadable.
func reloadKept(ctx context.Context, conns []*fileConn, p *project.Project) error {
	if len(conns) == 0 {
		return errNotReloadable
	}
	return reloadCode(ctx, conns[0].px, p)
}

// ensureTemplate brings a pending template up to date (reloaded in place
// and renamed to this run's key), under the cache's lock, unless another
// run did; it says what failed (the next run then does it).
func (e *Env) ensureTemplate(ctx context.Context) error {
	e.pendingMu.Lock()
	defer e.pendingMu.Unlock()
	old := e.pending
	if old == "" {
		return nil
	}
	e.pending = ""
	e.adminMu.Lock()
	_, err := e.admin.Exec(ctx, "select pg_catalog.pg_advisory_lock($1)", cacheLockKey)
	var existing map[string]bool
	if err == nil {
		existing, err = listDatabases(ctx, e.admin)
	}
	e.adminMu.Unlock()
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	defer func() {
		e.adminMu.Lock()
		_, _ = e.admin.Exec(context.WithoutCancel(ctx), "select pg_catalog.pg_advisory_unlock($1)", cacheLockKey)
		e.adminMu.Unlock()
	}()
	if existing[e.template] || !existing[old] {
		return nil // another run brought it up to date, or took it
	}
	if err := e.reloadInPlace(ctx, old, e.project); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if err := renameDatabase(ctx, e.admin, old, e.template); err != nil {
		return fmt.Errorf("keep the template: %w", err)
	}
	return nil
}
