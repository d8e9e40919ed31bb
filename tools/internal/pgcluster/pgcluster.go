// Package pgcluster runs PostgreSQL clusters from the machine's binaries:
// the project-local development cluster under <root>/.thick/, and throwaway
// clusters in temporary directories for the test runner.
//
// When the process runs as root, the cluster's directories are handed to the
// postgres OS user and initdb and pg_ctl run as that user. Servers are started
// in their own process group, so a Ctrl-C meant for thick does not reach them:
// a caller that wants a temporary cluster removed on Ctrl-C uses
// signal.NotifyContext and defers Stop, which works with a cancelled context:
//
//	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
//	if err != nil { ... }
//	defer c.Stop(ctx)
package pgcluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// DevDatabase is the database of the project-local development cluster.
const DevDatabase = "thick_dev"

// Options configure Start.
type Options struct {
	// Dir is the cluster's home: data in Dir/data, the port in Dir/port, the
	// server log in Dir/postgres.log, the Unix socket in Dir (or in a short
	// directory under /tmp when Dir is too long for a socket path). It is
	// created on first use. Ignored when Temp is set.
	Dir string
	// Temp makes a throwaway cluster in a new temporary directory, tuned for
	// speed (fsync, full_page_writes and synchronous_commit off,
	// max_connections 200). Stop removes it.
	Temp bool
	// Preload is shared_preload_libraries. Nil means pg_cron when it is
	// installed; an empty, non-nil slice means nothing.
	Preload []string
	// Database is created if missing once the server runs ("" for none).
	Database string
	// CronDatabase is cron.database_name when pg_cron is preloaded. Default:
	// "postgres" for a temporary cluster (so that cloning a template database
	// is never blocked by the cron launcher), else Database.
	CronDatabase string
	// Settings are extra postgresql.conf settings (name to raw value, quoted
	// as needed: "work_mem": "'64MB'").
	Settings map[string]string
	// Logger receives progress (initdb, start, stop); nil discards it.
	Logger *slog.Logger
}

// Cluster is a running (or stoppable) PostgreSQL cluster.
type Cluster struct {
	// Dir is the cluster's home directory (removed by Stop when Temp).
	Dir string
	// DataDir is the PGDATA directory.
	DataDir string
	// SocketDir holds the server's Unix socket.
	SocketDir string
	// Port is the TCP port on 127.0.0.1 (and the socket's number).
	Port int
	// BinDir holds initdb, pg_ctl, postgres.
	BinDir string
	// Temp reports a throwaway cluster.
	Temp bool

	log  *slog.Logger
	cred *syscall.Credential // run server tools as this user (when root)
	uid  int
	gid  int
}

// URL returns a connection URL for database db over the Unix socket.
func (c *Cluster) URL(db string) string {
	q := url.Values{}
	q.Set("host", c.SocketDir)
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	// Encode writes a space as '+', which pgx reads back as a plus sign: a
	// project path with a space would name another socket directory
	return "postgres://postgres@/" + url.PathEscape(db) + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

// TCPURL returns a connection URL for database db over TCP on 127.0.0.1.
func (c *Cluster) TCPURL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, url.PathEscape(db))
}

// Project starts (initialising on first use) the development cluster of the
// project at root and makes sure DevDatabase exists.
func Project(ctx context.Context, root string, logger *slog.Logger) (*Cluster, error) {
	dir := ProjectDir(root)
	c, err := Start(ctx, Options{Dir: dir, Database: DevDatabase, Logger: logger})
	if err == nil {
		pointTo(root, dir)
	}
	return c, err
}

// Start initialises the cluster if needed, starts it if it is not running
// and creates Options.Database if missing.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	c, err := newCluster(o)
	if err != nil {
		return nil, err
	}
	if o.Temp {
		err := c.startTemp(ctx, o)
		if err == nil && o.Database != "" {
			err = c.CreateDatabase(ctx, o.Database)
		}
		if err != nil {
			_ = c.Stop(ctx)
			return nil, err
		}
		return c, nil
	}
	if err := c.reachable(c.Dir); err != nil {
		return nil, err
	}
	unlock, err := lockDir(c.Dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if !c.exists() {
		if err := c.initdb(ctx, o); err != nil {
			return nil, err
		}
	}
	if !c.Running(ctx) {
		// a postmaster.pid left by a crash may name a live process that is
		// not our server; the server would refuse to start beside it
		if pid := c.pid(); pid > 0 {
			_ = os.Remove(filepath.Join(c.DataDir, "postmaster.pid"))
		}
		if err := c.start(ctx, o); err != nil {
			return nil, err
		}
	} else if err := c.reconfigure(ctx, o); err != nil {
		return nil, err
	}
	if o.Database != "" {
		if err := c.CreateDatabase(ctx, o.Database); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Open returns the cluster whose home is dir without starting it (for Stop
// and Running). It fails when no cluster was initialised there.
func Open(dir string) (*Cluster, error) {
	c, err := newCluster(Options{Dir: dir})
	if err != nil {
		return nil, err
	}
	if !c.exists() {
		return nil, fmt.Errorf("no cluster in %s", dir)
	}
	return c, nil
}

func newCluster(o Options) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{BinDir: bin, Temp: o.Temp, log: o.Logger, uid: -1, gid: -1}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	uid, gid, asRoot, err := serverUser()
	if err != nil {
		return nil, err
	}
	if asRoot {
		c.uid, c.gid = uid, gid
		c.cred = &syscall.Credential{Uid: uint32(c.uid), Gid: uint32(c.gid)}
	}
	if o.Temp {
		base, err := tempBase()
		if err != nil {
			return nil, fmt.Errorf("temp cluster: %w", err)
		}
		for _, d := range ReapOrphans(base) {
			c.log.Info("removed an orphaned temporary cluster", "dir", d)
		}
		dir, err := os.MkdirTemp(base, "thick-pg-")
		if err != nil {
			return nil, fmt.Errorf("temp cluster: %w", err)
		}
		if err := writeOwner(dir); err != nil {
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("temp cluster: %w", err)
		}
		c.Dir = dir
	} else {
		if o.Dir == "" {
			return nil, errors.New("pgcluster: Options.Dir is required unless Temp")
		}
		dir, err := filepath.Abs(o.Dir)
		if err != nil {
			return nil, err
		}
		c.Dir = dir
	}
	c.DataDir = filepath.Join(c.Dir, "data")
	c.SocketDir = socketDir(c.Dir)
	if b, err := os.ReadFile(filepath.Join(c.Dir, "port")); err == nil {
		c.Port, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	return c, nil
}

// socketDir is dir unless the socket path would exceed 100 bytes, then a
// short directory under /tmp named by a hash of dir.
func socketDir(dir string) string {
	if len(dir)+len("/.s.PGSQL.65535") <= 100 {
		return dir
	}
	h := sha256.Sum256([]byte(dir))
	return filepath.Join("/tmp", "thick-"+hex.EncodeToString(h[:6]))
}

func (c *Cluster) exists() bool {
	_, err := os.Stat(filepath.Join(c.DataDir, "PG_VERSION"))
	return err == nil
}

// Running reports whether the cluster's postmaster runs: the process that
// postmaster.pid names is alive and serves this data directory (a stale
// file naming some other process does not count).
func (c *Cluster) Running(ctx context.Context) bool {
	return c.exists() && c.PID() > 0
}

func (c *Cluster) startTemp(ctx context.Context, o Options) error {
	if err := c.initdb(ctx, o); err != nil {
		return err
	}
	return c.start(ctx, o)
}

func (c *Cluster) initdb(ctx context.Context, o Options) error {
	t0 := time.Now()
	if err := c.ownDir(c.Dir); err != nil {
		return err
	}
	_, err := c.run(ctx, "initdb", "-D", c.DataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync")
	if err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	conf := filepath.Join(c.DataDir, "postgresql.conf")
	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	_, err = fmt.Fprint(f, "\n# thick: settings written at every start\ninclude_if_exists = 'thick.conf'\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	c.log.Info("initialised cluster", "dir", c.DataDir, "took", time.Since(t0).Round(time.Millisecond))
	return nil
}

// writeConf writes data/thick.conf, included by postgresql.conf.
func (c *Cluster) writeConf(o Options) error {
	path := filepath.Join(c.DataDir, "thick.conf")
	if err := os.WriteFile(path, []byte(c.conf(o)), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return c.chown(path)
}

// reconfigure brings a running server's data/thick.conf to what o gives
// (a server an earlier thick started, with other settings) and reloads
// it: the settings a reload changes take effect now, the others at the
// next start. A file as o gives it is left alone.
func (c *Cluster) reconfigure(ctx context.Context, o Options) error {
	if b, err := os.ReadFile(filepath.Join(c.DataDir, "thick.conf")); err == nil && string(b) == c.conf(o) {
		return nil
	}
	if err := c.writeConf(o); err != nil {
		return err
	}
	if _, err := c.run(ctx, "pg_ctl", "-D", c.DataDir, "-s", "reload"); err != nil {
		return fmt.Errorf("reload cluster in %s: %w", c.DataDir, err)
	}
	c.log.Info("reloaded the cluster's configuration", "dir", c.DataDir)
	return nil
}

// conf is the text of data/thick.conf for o.
func (c *Cluster) conf(o Options) string {
	preload := o.Preload
	if preload == nil {
		preload = DefaultPreload()
	}
	lines := []string{
		"port = " + strconv.Itoa(c.Port),
		"listen_addresses = '127.0.0.1'",
		"unix_socket_directories = " + quote(c.SocketDir),
		"fsync = off",
	}
	if c.Temp {
		lines = append(lines,
			"full_page_writes = off",
			"synchronous_commit = off",
			"max_connections = 200",
		)
	}
	if len(preload) > 0 {
		lines = append(lines, "shared_preload_libraries = "+quote(strings.Join(preload, ",")))
		for _, l := range preload {
			if strings.TrimSpace(l) == "pg_cron" {
				db := o.CronDatabase
				if db == "" && c.Temp {
					db = "postgres"
				} else if db == "" {
					db = o.Database
				}
				if db != "" {
					lines = append(lines, "cron.database_name = "+quote(db))
				}
			}
		}
	}
	keys := make([]string, 0, len(o.Settings))
	for k := range o.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lines = append(lines, k+" = "+o.Settings[k])
	}
	return strings.Join(lines, "\n") + "\n"
}

func (c *Cluster) start(ctx context.Context, o Options) error {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		if c.Port == 0 || attempt > 0 {
			p, err := freePort()
			if err != nil {
				return err
			}
			c.Port = p
		}
		if err := c.startOnce(ctx, o); err != nil {
			lastErr = err
			if ctx.Err() != nil || !strings.Contains(err.Error(), "could not bind") && !strings.Contains(err.Error(), "could not create") {
				return err
			}
			continue
		}
		return nil
	}
	return lastErr
}

func (c *Cluster) startOnce(ctx context.Context, o Options) error {
	t0 := time.Now()
	if !c.Temp {
		if err := os.WriteFile(filepath.Join(c.Dir, "port"), []byte(strconv.Itoa(c.Port)+"\n"), 0o644); err != nil {
			return fmt.Errorf("start: %w", err)
		}
	}
	if c.SocketDir != c.Dir {
		if err := c.ownDir(c.SocketDir); err != nil {
			return err
		}
	}
	if err := c.writeConf(o); err != nil {
		return err
	}
	logPath := filepath.Join(c.Dir, "postgres.log")
	before := fileSize(logPath)
	if _, err := c.run(ctx, "pg_ctl", "-D", c.DataDir, "-l", logPath, "-w", "-t", "60", "-s", "start"); err != nil {
		return fmt.Errorf("start cluster in %s: %w%s", c.DataDir, err, logTail(logPath, before))
	}
	c.log.Info("started cluster", "dir", c.DataDir, "port", c.Port, "took", time.Since(t0).Round(time.Millisecond))
	return nil
}

// CreateDatabase creates database db if it does not exist.
func (c *Cluster) CreateDatabase(ctx context.Context, db string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("connect to cluster: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	if err := conn.QueryRow(ctx, "select exists (select from pg_database where datname = $1)", db).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", db, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "create database "+pgx.Identifier{db}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", db, err)
	}
	c.log.Info("created database", "name", db)
	return nil
}

// Stop stops the server (fast shutdown; immediate for a temporary cluster)
// and, for a temporary cluster, removes its directory. It works with a
// cancelled context. Stopping a cluster that is not running is not an error.
func (c *Cluster) Stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 60*time.Second)
	defer cancel()
	var err error
	if pid := c.PID(); c.exists() && pid > 0 {
		mode := "fast"
		if c.Temp {
			mode = "immediate"
		}
		if _, err = c.run(ctx, "pg_ctl", "-D", c.DataDir, "-m", mode, "-w", "-t", "30", "-s", "stop"); err != nil {
			err = fmt.Errorf("stop cluster in %s: %w", c.DataDir, err)
			if pid := c.PID(); pid > 0 {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				waitGone(pid, 5*time.Second)
			}
		} else {
			waitGone(pid, 10*time.Second) // pg_ctl returns once postmaster.pid is gone
			c.log.Info("stopped cluster", "dir", c.DataDir)
		}
	}
	if c.Temp {
		if rerr := os.RemoveAll(c.Dir); rerr != nil && err == nil {
			err = fmt.Errorf("remove temp cluster: %w", rerr)
		}
		if c.SocketDir != c.Dir {
			_ = os.RemoveAll(c.SocketDir)
		}
	}
	return err
}

// PID returns the postmaster's process id, or 0 when it is not running.
// Only a live postmaster whose data directory is this cluster's counts:
// after a crash or a reboot, postmaster.pid may name a process that now is
// something else, which thick must never signal.
func (c *Cluster) PID() int {
	pid := c.pid()
	if postmasterOf(pid, c.DataDir) {
		return pid
	}
	return 0
}

// processAlive reports whether pid is a live process (a zombie is not).
func processAlive(pid int) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no procfs: trust kill
	}
	// pid (comm) state ...; comm may hold spaces and parentheses.
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

func (c *Cluster) pid() int {
	b, err := os.ReadFile(filepath.Join(c.DataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(first))
	return pid
}

func waitGone(pid int, d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && processAlive(pid) {
		time.Sleep(20 * time.Millisecond)
	}
}

// run runs a server binary (as the postgres user when root) in its own
// process group and returns its combined output.
func (c *Cluster) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, name), args...)
	cmd.Dir = c.Dir
	if _, err := os.Stat(c.Dir); err != nil {
		cmd.Dir = os.TempDir()
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if err != nil {
		msg := strings.TrimSpace(out.String())
		if msg != "" {
			err = fmt.Errorf("%s: %w: %s", name, err, msg)
		} else {
			err = fmt.Errorf("%s: %w", name, err)
		}
	}
	return out.String(), err
}

// ownDir creates dir (0700) and hands it to the server's user.
func (c *Cluster) ownDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	return c.chown(dir)
}

func (c *Cluster) chown(path string) error {
	if c.cred == nil {
		return nil
	}
	if err := os.Chown(path, c.uid, c.gid); err != nil {
		return fmt.Errorf("chown %s to postgres: %w", path, err)
	}
	return nil
}

// reachable checks that the server's user can reach dir through its
// ancestors (ProjectDir picks a reachable home for a project; a directory
// given explicitly may still be out of its reach).
func (c *Cluster) reachable(dir string) error {
	if c.cred == nil {
		return nil
	}
	if d := unreachable(dir, c.uid, c.gid); d != "" {
		return fmt.Errorf("the postgres OS user cannot reach %s: %s is not searchable by it (chmod o+x %s, or pass --db)", dir, d, d)
	}
	return nil
}

// lockDir takes an exclusive lock on dir/lock so that two thick processes do
// not initialise or start the same cluster at once.
func lockDir(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock cluster: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock cluster: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// logTail returns the server log written since offset, for error messages.
func logTail(path string, offset int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, 4096))
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	return "\nserver log (" + path + "):\n" + s
}
