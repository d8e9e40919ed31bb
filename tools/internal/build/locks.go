package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// lockWaitNotice is how long a rebuild waits on a lock before it says who
// holds it.
var lockWaitNotice = time.Second

// lockWatch watches, from a connection of its own, whether the build's
// backend waits on a lock, and says who holds it: once after lockWaitNotice,
// then again whenever the holders change.
type lockWatch struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	last   string // the latest description of the holders
	key    string // who they were (pids), to speak again only on a change
}

// GuardLocks bounds and explains the lock waits of tx, the transaction of
// command cmd ("rebuild", "deploy") on conn: it sets lock_timeout to timeout
// (0: wait as long as it takes) and watches, from a connection of its own,
// whether the backend waits on a lock, saying to log who holds it (once
// after a second, then whenever the holders change; nothing is written when
// log is nil, but the holders are still looked up). Call finish with the
// command's final error: a lock timeout (55P03) comes back naming who held
// the lock (a *LockError, or the *SQLError's Blocker).
func GuardLocks(ctx context.Context, conn *pgx.Conn, tx pgx.Tx, cmd string, timeout time.Duration, log io.Writer) (finish func(error) error, err error) {
	if log == nil {
		log = io.Discard
	}
	w := watchLocks(ctx, conn, cmd, log)
	finish = func(err error) error { return withHolders(err, w.stop()) }
	if timeout > 0 {
		if _, err := tx.Exec(ctx, fmt.Sprintf("set local lock_timeout = %d", timeout.Milliseconds())); err != nil {
			w.stop()
			return nil, fmt.Errorf("set lock_timeout: %w", err)
		}
	}
	return finish, nil
}

// watchLocks starts watching the backend of conn, writing to log in the
// name of command cmd. It does nothing when log is nil.
func watchLocks(ctx context.Context, conn *pgx.Conn, cmd string, log io.Writer) *lockWatch {
	w := &lockWatch{done: make(chan struct{})}
	if log == nil || conn == nil {
		close(w.done)
		w.cancel = func() {}
		return w
	}
	ctx, w.cancel = context.WithCancel(context.WithoutCancel(ctx))
	pid := conn.PgConn().PID()
	cfg := conn.Config().Copy()
	go func() {
		defer close(w.done)
		var watcher *pgx.Conn
		defer func() {
			if watcher != nil {
				_ = watcher.Close(context.Background())
			}
		}()
		t := time.NewTimer(lockWaitNotice)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if watcher == nil {
				c, err := pgx.ConnectConfig(ctx, cfg)
				if err != nil {
					return // cannot look: stay quiet rather than guess
				}
				watcher = c
			}
			desc, key, err := blockers(ctx, watcher, pid)
			if err != nil {
				return
			}
			w.mu.Lock()
			changed := key != "" && key != w.key
			if key != "" {
				w.last, w.key = desc, key
			}
			w.mu.Unlock()
			if changed && ctx.Err() == nil {
				fmt.Fprintf(log, "thick %s: waiting for a lock held by %s; still waiting (--lock-timeout gives up)\n", cmd, desc)
			}
			t.Reset(lockWaitNotice)
		}
	}()
	return w
}

// stop ends the watch and returns the last holders seen ("" for none).
func (w *lockWatch) stop() string {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

// blockers describes the sessions that block backend pid, "" for none, and
// returns their pids as a key.
func blockers(ctx context.Context, conn *pgx.Conn, pid uint32) (desc, key string, err error) {
	rows, err := conn.Query(ctx, `
		select a.pid,
		       coalesce(nullif(a.application_name, ''), '?'),
		       coalesce(a.usename::text, '?'),
		       coalesce(a.state, '?'),
		       coalesce(a.query, ''),
		       coalesce(a.xact_start, a.backend_start),
		       pg_catalog.now() - coalesce(a.xact_start, a.backend_start)
		  from pg_catalog.pg_stat_activity as a
		 where a.pid = any (pg_catalog.pg_blocking_pids($1))
		 order by a.pid`, int32(pid))
	if err != nil {
		return "", "", err
	}
	var parts, pids []string
	for rows.Next() {
		var p int32
		var app, user, state, query string
		var since time.Time
		var age time.Duration
		if err := rows.Scan(&p, &app, &user, &state, &query, &since, &age); err != nil {
			return "", "", err
		}
		pids = append(pids, fmt.Sprint(p))
		query = strings.Join(strings.Fields(query), " ")
		if len(query) > 120 {
			query = query[:117] + "..."
		}
		parts = append(parts, fmt.Sprintf("pid %d (application %s, user %s, %s since %s, %s ago; last query: %s)",
			p, app, user, state, since.Local().Format("15:04:05"), age.Round(time.Second), query))
	}
	return strings.Join(parts, " and "), strings.Join(pids, ","), rows.Err()
}

// LockError is a rebuild or deploy that gave up waiting for a lock (--lock-timeout):
// the error and who held the lock.
type LockError struct {
	Err     error
	Holders string
}

func (e *LockError) Error() string {
	return fmt.Sprintf("%v\n  lock held by %s", e.Err, e.Holders)
}

func (e *LockError) Unwrap() error { return e.Err }

// withHolders attaches the lock's holders to a lock timeout (55P03).
func withHolders(err error, holders string) error {
	var pe *pgconn.PgError
	if err == nil || holders == "" || !errors.As(err, &pe) || pe.Code != "55P03" {
		return err
	}
	var se *SQLError
	if errors.As(err, &se) {
		se.Blocker = holders
		return err
	}
	return &LockError{Err: err, Holders: holders}
}
