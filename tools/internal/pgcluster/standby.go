package pgcluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// StartStandby makes a streaming hot standby of the running cluster c with
// pg_basebackup -R (which writes standby.signal and primary_conninfo), in a
// new temporary directory with its own port and socket, and starts it. The
// standby is a temporary cluster: Stop removes it. The primary must accept
// replication connections from the local socket, as initdb's default
// pg_hba.conf does.
func (c *Cluster) StartStandby(ctx context.Context) (*Cluster, error) {
	s := &Cluster{BinDir: c.BinDir, Temp: true, log: c.log, cred: c.cred, uid: c.uid, gid: c.gid}
	dir, err := os.MkdirTemp("", "thick-standby-")
	if err != nil {
		return nil, fmt.Errorf("standby: %w", err)
	}
	s.Dir = dir
	s.DataDir = filepath.Join(dir, "data")
	s.SocketDir = socketDir(dir)
	ok := false
	defer func() {
		if !ok {
			_ = s.Stop(context.WithoutCancel(ctx))
		}
	}()
	if err := s.ownDir(s.Dir); err != nil {
		return nil, err
	}
	t0 := time.Now()
	if _, err := s.run(ctx, "pg_basebackup", "-D", s.DataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync",
		"-h", c.SocketDir, "-p", strconv.Itoa(c.Port), "-U", "postgres"); err != nil {
		return nil, fmt.Errorf("standby: %w", err)
	}
	s.log.Info("base backup taken", "dir", s.DataDir, "took", time.Since(t0).Round(time.Millisecond))
	// thick.conf came with the backup, naming the primary's port and socket;
	// start writes the standby's own
	if err := s.start(ctx, Options{Temp: true, Settings: map[string]string{"hot_standby": "on"}}); err != nil {
		return nil, fmt.Errorf("standby: %w", err)
	}
	ok = true
	return s, nil
}

// WaitReplay waits until the standby s has replayed the primary c's WAL up
// to the primary's current insert position (not its write position: with
// synchronous_commit off, as on temporary clusters, a commit may still sit
// in the WAL buffers), or until timeout.
func (c *Cluster) WaitReplay(ctx context.Context, s *Cluster, db string, timeout time.Duration) error {
	primary, err := pgx.Connect(ctx, c.URL(db))
	if err != nil {
		return fmt.Errorf("wait for replay: %w", err)
	}
	defer primary.Close(context.WithoutCancel(ctx))
	var lsn string
	if err := primary.QueryRow(ctx, "select pg_catalog.pg_current_wal_insert_lsn()::text").Scan(&lsn); err != nil {
		return fmt.Errorf("wait for replay: %w", err)
	}
	standby, err := pgx.Connect(ctx, s.URL(db))
	if err != nil {
		return fmt.Errorf("wait for replay: %w", err)
	}
	defer standby.Close(context.WithoutCancel(ctx))
	deadline := time.Now().Add(timeout)
	for {
		var done, recovering bool
		if err := standby.QueryRow(ctx,
			"select coalesce(pg_catalog.pg_last_wal_replay_lsn() >= $1::pg_lsn, false), pg_catalog.pg_is_in_recovery()", lsn).
			Scan(&done, &recovering); err != nil {
			return fmt.Errorf("wait for replay: %w", err)
		}
		if !recovering {
			return fmt.Errorf("wait for replay: the server on port %d is not a standby", s.Port)
		}
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("wait for replay: the standby has not replayed up to %s after %s", lsn, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
