// Package testrun is `thick test`: it starts a throwaway PostgreSQL, rebuilds
// the project once into a template database, applies tests/setup, and runs
// every other tests/**/*.sql file in parallel, each on its own connection in
// a transaction that is rolled back, reading the pgTAP output as TAP.
package testrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/build"
	"thick/tools/internal/coverage"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/tap"
)

// TestsDir and SetupDir hold the suites and what they need first.
const (
	TestsDir = "tests"
	SetupDir = "tests/setup"
)

// ErrNoTests is returned when no test file matched: never a silent green.
var ErrNoTests = errors.New("no test files")

// errReported is an error Main has already printed.
var errReported = errors.New("reported")

// Options configure a run.
type Options struct {
	Root    string         // project root ("" for the one holding the working directory)
	PG      string         // "", "docker", "local" or a database URL
	Jobs    int            // files run at once; <= 0 means runtime.NumCPU()
	Run     *regexp.Regexp // selects test files by path; nil for all
	Paths   []string       // test files and folders (relative to Root) to run; nil for all
	JUnit   string         // JUnit XML output file; "" for none
	Verbose bool           // print every TAP line
	Color   bool
	// Coverage measures the statements of the project's PL/pgSQL functions
	// the suites executed (local server only); CoverageHTML also writes a
	// browsable report to that directory.
	Coverage     bool
	CoverageHTML string
	// Fresh takes a throwaway server even where the template cache would
	// serve (cache.go).
	Fresh bool
	// Kept carries a watch's test database and sessions from one run to
	// the next (kept.go); nil for a run of its own.
	Kept *Kept
}

// Command runs `thick test` and returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return CommandKept(ctx, args, stdout, stderr, nil)
}

// CommandKept is Command for `thick watch --test`, which keeps the test
// database and its sessions in kept from one run to the next.
func CommandKept(ctx context.Context, args []string, stdout, stderr io.Writer, kept *Kept) int {
	// `thick test | head` must not kill the process before the throwaway
	// server is stopped: with SIGPIPE ignored a closed stdout is only a
	// failed write.
	signal.Ignore(syscall.SIGPIPE)
	o, err := parseFlags(args, stdout, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "thick test: %v\n", err)
		return 2
	}
	o.Kept = kept
	sum, err := Main(ctx, o, stdout, stderr)
	switch {
	case errors.Is(err, ErrNoTests):
		fmt.Fprintf(stderr, "thick test: %v under %s (nothing tested is not a pass)\n", err, TestsDir)
		return 1
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "thick test: interrupted")
		return 130
	case errors.Is(err, errReported):
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "thick test: %v\n", err)
		return 1
	case sum.Failed > 0:
		return 1
	}
	return 0
}

func parseFlags(args []string, stdout, stderr io.Writer) (Options, error) {
	o := Options{}
	flags := flag.NewFlagSet("thick test", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: thick test [flags] [test files or folders...]")
		flags.PrintDefaults()
	}
	flags.StringVar(&o.Root, "root", "", "project root (default: the nearest directory up from here holding 0_tables or go.mod)")
	flags.StringVar(&o.PG, "pg", "", "throwaway server: docker, local, or the URL of a database thick created (default: docker when an engine answers, else local)")
	flags.IntVar(&o.Jobs, "j", runtime.NumCPU(), "test files run in parallel")
	run := flags.String("run", "", "run only the test files whose path matches this regular expression")
	flags.StringVar(&o.JUnit, "junit", "", "write JUnit XML to this file (on every run, also when the build fails)")
	flags.BoolVar(&o.Verbose, "v", false, "print every TAP line")
	flags.BoolVar(&o.Fresh, "fresh", false, "a throwaway server and a new template, not the cached template under .thick/test (also with CI=true or --pg)")
	flags.BoolVar(&o.Coverage, "coverage", false, "report the statements of every PL/pgSQL function the suites executed (plpgsql_check's profiler; local server)")
	flags.StringVar(&o.CoverageHTML, "coverage-html", "", "with coverage, write a browsable report of the SQL files to this directory")
	// flags may follow the paths, as with pg_prove
	var paths []string
	for {
		if err := flags.Parse(args); err != nil {
			return o, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			paths = append(paths, rest...)
			break
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
	root, err := project.FindRoot(o.Root)
	if err != nil {
		return o, err
	}
	o.Root = root
	if o.Paths, err = resolvePaths(root, paths); err != nil {
		return o, err
	}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			return o, fmt.Errorf("--run: %w", err)
		}
		o.Run = re
	}
	if o.CoverageHTML != "" {
		o.Coverage = true
	}
	o.Color = colorOn(stdout)
	return o, nil
}

// resolvePaths turns test files and folders named on the command line
// (relative to the working directory, else to root) into slash-separated
// paths relative to root, refusing what is not a suite under tests/.
func resolvePaths(root string, args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil && !filepath.IsAbs(a) {
			if _, err2 := os.Stat(filepath.Join(root, a)); err2 == nil {
				abs = filepath.Join(root, a)
			}
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: no such test file or folder", a)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			return nil, err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel != TestsDir && !strings.HasPrefix(rel, TestsDir+"/"):
			return nil, fmt.Errorf("%s: not under %s/ of the project at %s", a, TestsDir, root)
		case rel == SetupDir || strings.HasPrefix(rel, SetupDir+"/"):
			return nil, fmt.Errorf("%s: tests/setup runs before every suite; it is not a suite", a)
		case !st.IsDir() && !strings.HasSuffix(rel, ".sql"):
			return nil, fmt.Errorf("%s: not a .sql file", a)
		}
		out = append(out, rel)
	}
	return out, nil
}

// colorOn: colour only on a terminal, and never with NO_COLOR set.
func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Summary is the outcome of a run.
type Summary struct {
	Files                         []*File
	Passed, Failed, Skipped, Todo int
	Elapsed                       time.Duration
}

func (s *Summary) add(f *File) {
	s.Passed += f.Passed()
	s.Failed += f.Failed()
	s.Skipped += f.Skipped()
	s.Todo += f.Todo()
}

// Main discovers the test files, starts the server, runs everything, prints
// the per-file lines and the closing line, and writes JUnit XML if asked:
// on every run, also when nothing could run (a build error, no test files),
// so that CI never reads the report of a previous run.
// It stops the server before returning, also when ctx is cancelled.
func Main(ctx context.Context, o Options, stdout, stderr io.Writer) (sum *Summary, err error) {
	pr := newPrinter(stdout, o.Color, o.Verbose)
	sum = &Summary{}
	var runErrs []junitCase // what failed outside the test files
	if o.JUnit != "" {
		if rerr := os.Remove(o.JUnit); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return sum, fmt.Errorf("junit: remove the previous report: %w", rerr)
		}
		defer func() {
			if err != nil && !errors.Is(err, errReported) && len(runErrs) == 0 {
				name := "thick test"
				if ctx.Err() != nil {
					name = "interrupted"
				}
				runErrs = append(runErrs, junitCase{Name: name, Classname: "thick test",
					Error: &junitMessage{Message: firstLine(err.Error()), Text: err.Error()}})
			}
			if werr := writeJUnit(o.JUnit, sum.Files, sum.Elapsed, runErrs); werr != nil && err == nil {
				err = werr
			}
		}()
	}
	if o.Root == "" {
		if o.Root, err = project.FindRoot(""); err != nil {
			return sum, err
		}
	}
	plan, err := Discover(o.Root, o.Run, o.Paths...)
	if err != nil {
		return sum, err
	}
	if len(plan.Files) == 0 {
		pr.summary(sum)
		return sum, ErrNoTests
	}
	p, err := project.Load(o.Root)
	if err != nil {
		return sum, err
	}
	var srv Server
	cached := !o.Coverage && useCache(o)
	switch {
	case o.Coverage:
		srv, err = startCoverageServer(ctx, o.PG)
	case cached:
		srv, err = StartCache(ctx, o.Root)
	default:
		srv, err = StartServer(ctx, o.PG, stderr)
	}
	if err != nil {
		return sum, err
	}
	defer func() {
		if err := srv.Stop(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(stderr, "thick test: %v\n", err)
		}
	}()
	start := time.Now()
	prepare := Prepare
	if cached {
		prepare = PrepareCached
	}
	env, err := prepare(ctx, srv, p, plan, PrepareOptions{Kept: o.Kept, Color: o.Color, Verbose: o.Verbose, Stdout: stdout})
	if err != nil {
		if ctx.Err() != nil {
			return sum, err
		}
		// the build or the setup failed: say where, then the closing line
		fmt.Fprintf(stderr, "thick test: %v\n", formatBuildError(err, o.Color))
		runErrs = append(runErrs, buildErrorCase(err))
		sum.Failed = 1
		sum.Elapsed = time.Since(start)
		pr.summary(sum)
		return sum, errReported
	}
	defer env.Close(context.WithoutCancel(ctx))
	fmt.Fprintln(stdout, pr.dim.Sprintf("postgres: %s  %s  %s  (%d %s, -j %d)",
		srv.Describe(), env.describeTemplate(), env.describeClone(), len(plan.Files), plural.S(len(plan.Files), "file"), jobs(o.Jobs, len(plan.Files))))
	if o.Coverage {
		env.profile = coverage.NewProfile()
	}
	sum.Files = env.Execute(ctx, o.Jobs, func(f *File) {
		if ctx.Err() == nil {
			pr.file(f)
		}
	})
	sum.Elapsed = time.Since(start)
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	env.Finished()
	for _, f := range sum.Files {
		sum.add(f)
	}
	if o.Coverage {
		if err := env.reportCoverage(ctx, stdout, o); err != nil {
			runErrs = append(runErrs, junitCase{Name: "coverage", Classname: "thick test",
				Error: &junitMessage{Message: firstLine(err.Error()), Text: err.Error()}})
			fmt.Fprintf(stderr, "thick test: %v\n", err)
			sum.Failed++
		}
	}
	pr.summary(sum)
	return sum, nil
}

// Plan is what a run executes: the setup files and the test files, as
// slash-separated paths relative to Root, in lexical order.
type Plan struct {
	Root  string
	Setup []string
	Files []string
}

// Discover lists tests/setup/*.sql and every other tests/**/*.sql whose path
// matches run (all when run is nil) and lies in one of paths (files or
// folders relative to root; all when none is given).
func Discover(root string, run *regexp.Regexp, paths ...string) (*Plan, error) {
	plan := &Plan{Root: root}
	within := func(rel string) bool {
		if len(paths) == 0 {
			return true
		}
		for _, p := range paths {
			if rel == p || strings.HasPrefix(rel, strings.TrimSuffix(p, "/")+"/") {
				return true
			}
		}
		return false
	}
	err := filepath.WalkDir(filepath.Join(root, TestsDir), func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && name == filepath.Join(root, TestsDir) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(name, ".sql") {
			return nil
		}
		rel, err := filepath.Rel(root, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case path.Dir(rel) == SetupDir:
			plan.Setup = append(plan.Setup, rel)
		case strings.HasPrefix(rel, SetupDir+"/"):
			// helpers below tests/setup/ are neither setup nor suites
		case (run == nil || run.MatchString(rel)) && within(rel):
			plan.Files = append(plan.Files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("discover tests: %w", err)
	}
	sort.Strings(plan.Setup)
	sort.Strings(plan.Files)
	return plan, nil
}

// PrepareOptions configure Prepare.
type PrepareOptions struct {
	// Kept is a watch's database and sessions of its last run (cache
	// server only; nil for none)
	Kept    *Kept
	Color   bool
	Verbose bool      // show the rebuild's own output
	Stdout  io.Writer // where the rebuild writes when Verbose
}

// Env is a prepared server: the template rebuilt with tests/setup applied,
// and the test database cloned from it.
type Env struct {
	srv     Server
	plan    *Plan
	project *project.Project
	admin   *pgx.Conn
	adminMu sync.Mutex
	Rebuild time.Duration
	Setup   time.Duration
	Vacuum  time.Duration // vacuum (analyze) of the built template
	Clone   time.Duration
	// Hit reports a template taken from the cache: no rebuild, no setup.
	Hit bool
	// Reloaded reports a cached template whose code was reloaded in place
	// (only code files had changed), in Reload.
	Reloaded bool
	Reload   time.Duration
	// staleDay is the day (YYYYMMDD, or "YYYY-MM-DD in <zone>") of a cached
	// template of the same files that was not used because its seed is of
	// another day
	staleDay string
	// record builds the template with the object map (the cache's
	// templates, which a later run may reload in place).
	record bool

	// names of this run's databases: fixed on a throwaway server, of the
	// run's own on a given one, so that runs sharing a server never touch
	// each other's databases
	prefix   string
	template string
	created  []string // every database this run created, dropped by Close

	// the database the files share, replaced by a fresh clone when a file
	// committed into it; gen counts the replacements
	mu     sync.Mutex
	testDB string
	gen    int
	shared []string // every database the files shared, in order

	// the cache server's spare (spare.go): the name the shared database is
	// kept under, its sequences as the run took it, whether a file may have
	// committed behind the runner's back, and whether the files ran to
	// their end; Reused says the run took the last run's database
	spare       string
	templateOID uint32
	seqs        []sequenceState
	seqOnce     sync.Once
	tainted     atomic.Bool
	finished    bool
	Reused      bool

	// the functions of tests/setup that open connections of their own
	// (OpensConnections), read once
	opensOnce  sync.Once
	opensVia   *regexp.Regexp
	opensNames []string // the names opensVia matches (lowercase), searched first
	opensAll   bool

	locks *lockWatch // the files' lock waits (locks.go), during Execute

	// a watch's database and sessions kept between runs (kept.go): the
	// holder, the files' sessions of this run, those idle
	kept *Kept
	// the template (its name until then) whose code a watch's run reloads
	// after its suites or before a clone needs it (kept.go), and whether
	// this run deferred it (the header says so)
	pending   string
	pendingMu sync.Mutex
	deferred  bool
	connMu    sync.Mutex
	conns     map[*pgconn.PgConn]*fileConn
	idle      []*fileConn

	profile   *coverage.Profile // nil unless measuring coverage
	profileMu sync.Mutex
	covErr    error
}

// dbNames returns the prefix of a run's database names: "thick" on a
// throwaway server, "thick_<random>" on a given one.
func dbPrefix(srv Server) string {
	if srv.Throwaway() {
		return "thick"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "thick_" + hex.EncodeToString(b[:])
}

// Prepare rebuilds the project into the run's template database, applies
// tests/setup in lexical order (each file as one simple-protocol query) and
// clones the test database from the template. A build or setup error is
// returned as (wrapping) a *build.SQLError or *project.PreflightError.
func Prepare(ctx context.Context, srv Server, p *project.Project, plan *Plan, o PrepareOptions) (*Env, error) {
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	prefix := dbPrefix(srv)
	env := &Env{srv: srv, plan: plan, project: p, admin: admin, prefix: prefix,
		template: prefix + "_template", testDB: prefix + "_test"}
	env.shared = []string{env.testDB}
	ok := false
	defer func() {
		if !ok {
			env.Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := admin.Exec(ctx, "create database "+pgx.Identifier{env.template}.Sanitize()); err != nil {
		return nil, fmt.Errorf("create %s: %w", env.template, err)
	}
	env.created = append(env.created, env.template)
	if err := env.buildTemplate(ctx, p, o); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := env.clone(ctx, env.testDB); err != nil {
		return nil, err
	}
	env.Clone = time.Since(start)
	ok = true
	return env, nil
}

// clone creates db from the template and records it as the run's.
func (e *Env) clone(ctx context.Context, db string) error {
	if err := e.ensureTemplate(ctx); err != nil {
		return err
	}
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if err := cloneDatabase(ctx, e.admin, e.template, db); err != nil {
		return err
	}
	e.created = append(e.created, db)
	return nil
}

// drop drops one of the run's databases.
func (e *Env) drop(ctx context.Context, db string) error {
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if err := dropDatabase(ctx, e.admin, db); err != nil {
		return err
	}
	e.created = slices.DeleteFunc(e.created, func(s string) bool { return s == db })
	return nil
}

// current returns the database the files share and its generation.
func (e *Env) current() (string, int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.testDB, e.gen
}

// replace gives the files that start from now on a fresh clone, unless
// another file replaced generation gen already.
func (e *Env) replace(ctx context.Context, gen int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.gen != gen {
		return nil
	}
	db := fmt.Sprintf("%s_test_%d", e.prefix, gen+1)
	if err := e.clone(ctx, db); err != nil {
		return err
	}
	e.testDB, e.gen = db, gen+1
	e.shared = append(e.shared, db)
	return nil
}

func (e *Env) buildTemplate(ctx context.Context, p *project.Project, o PrepareOptions) error {
	conn, err := pgx.Connect(ctx, e.srv.URL(e.template))
	if err != nil {
		return fmt.Errorf("connect %s: %w", e.template, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	out := io.Discard
	if o.Verbose && o.Stdout != nil {
		out = o.Stdout
	}
	start := time.Now()
	if _, err := build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true, Stdout: out, Color: o.Color, Record: e.record}); err != nil {
		return err
	}
	e.Rebuild = time.Since(start)
	start = time.Now()
	for _, rel := range e.plan.Setup {
		b, err := os.ReadFile(filepath.Join(e.plan.Root, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("setup: %w", err)
		}
		src, err := suiteSource(rel, string(b))
		if err != nil {
			return err
		}
		if completed, err := build.ExecScript(ctx, conn.PgConn(), src); err != nil {
			return build.MapErrorAt(p, rel, src, err, completed)
		}
	}
	// pgTAP's bookkeeping planned once a session instead of at every
	// assertion (pgtap.go)
	if _, err := staticTAP(ctx, conn); err != nil {
		return err
	}
	e.Setup = time.Since(start)
	// Vacuumed and analyzed as autovacuum would have left it, once and
	// for every clone: the suites' plans rest on the same statistics run
	// after run (whether a whole-table read passed jit_above_cost turned on
	// when autovacuum last came by), the clones start without the build's
	// dead rows, and on the cache server, where autovacuum is off
	// (StartCache), no analyze commits while a run's files do.
	start = time.Now()
	if _, err := conn.Exec(ctx, "vacuum (analyze)"); err != nil {
		return fmt.Errorf("vacuum %s: %w", e.template, err)
	}
	e.Vacuum = time.Since(start)
	return nil
}

// formatBuildError renders a mapped SQL error with its source line.
func formatBuildError(err error, colour bool) error {
	var se *build.SQLError
	if errors.As(err, &se) {
		return errors.New(strings.TrimRight(se.Format(colour), "\n"))
	}
	return err
}

// Close drops the databases of the run (those it created, never another
// run's) and closes the admin connection.
func (e *Env) Close(ctx context.Context) {
	if e.admin == nil {
		return
	}
	if !e.srv.Throwaway() {
		// a watch's template, after the suites (the next run reloads it
		// when this one was interrupted)
		if ctx.Err() == nil {
			_ = e.ensureTemplate(ctx)
		}
		if !e.keepForWatch(ctx) {
			e.keepSpare(ctx)
		}
		for _, db := range slices.Clone(e.created) {
			_ = e.drop(ctx, db)
		}
		if e.kept != nil && ctx.Err() == nil && !e.admin.IsClosed() {
			e.kept.keepAdmin(ctx, e.admin, e.srv.URL("postgres"))
			e.admin = nil
			return
		}
	}
	_ = e.admin.Close(ctx)
	e.admin = nil
}

func jobs(n, files int) int {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	return max(min(n, files), 1)
}

// Execute runs the plan's test files, n at a time, and calls each with every
// file's result in the plan's order as soon as it and all before it are done.
// Each of the n workers keeps one connection to thick_test and runs its files
// on it one after the other, each in a transaction that is rolled back, the
// session reset in between.
func (e *Env) Execute(ctx context.Context, n int, each func(*File)) []*File {
	files := make([]*File, len(e.plan.Files))
	done := make([]chan struct{}, len(files))
	for i, rel := range e.plan.Files {
		files[i] = &File{Path: rel}
		done[i] = make(chan struct{})
	}
	// each file read once: the scheduler looks for its mark, runOne runs it
	srcs, readErrs := make([]string, len(files)), make([]error, len(files))
	for i, rel := range e.plan.Files {
		b, err := os.ReadFile(filepath.Join(e.plan.Root, filepath.FromSlash(rel)))
		srcs[i], readErrs[i] = string(b), err
	}
	sched := newScheduler(e.plan.Files, readTimings(e.plan.Root), func(i int) bool {
		return readErrs[i] == nil && hasMark(srcs[i], aloneMark)
	})
	e.locks = newLockWatch(ctx, e)
	e.conns = map[*pgconn.PgConn]*fileConn{}
	var wg sync.WaitGroup
	for worker := range jobs(n, len(files)) {
		wg.Go(func() {
			var conn *pgconn.PgConn
			gen := -1 // the generation of the database conn is on
			defer func() {
				if conn != nil {
					e.giveBack(ctx, conn, gen, worker)
				}
			}()
			for {
				if ctx.Err() != nil {
					// the rest are reported as not run
					for _, j := range sched.rest() {
						files[j].Err = ctx.Err()
						files[j].Suite = tap.Parse(nil)
						close(done[j])
					}
					return
				}
				i := sched.next(worker)
				if i < 0 {
					return
				}
				db, g := e.current()
				if conn != nil && g != gen {
					// a file committed into the shared database: move on
					// to the fresh clone
					e.giveBack(ctx, conn, gen, worker)
					conn = nil
				}
				gen = g
				conn = e.runOne(ctx, conn, db, gen, worker, i, files[i], srcs[i], readErrs[i])
				sched.done(i)
				close(done[i])
			}
		})
	}
	for i := range files {
		<-done[i]
		if each != nil {
			each(files[i])
		}
	}
	wg.Wait()
	if ctx.Err() == nil {
		writeTimings(e.plan.Root, files)
	}
	return files
}

// maxAttempts bounds the runs of a file that the server aborted for a
// deadlock or a serialization failure with another file.
const maxAttempts = 3

// retryPause, times the attempt, is the wait before a file that a deadlock
// or a serialization failure aborted runs again.
const retryPause = 100 * time.Millisecond

// caughtAbortRE is pgTAP's diagnostic of a deadlock or a serialization
// failure that an assertion caught: throws_ok's `caught: 40P01: ...`,
// lives_ok's `died: 40P01: ...`.
var caughtAbortRE = regexp.MustCompile(`\b(caught|died): (40P01|40001)\b`)

// caughtConcurrencyAbort reports whether a failed assertion of the run caught
// a deadlock or a serialization failure: the abort build.IsConcurrencyAbort sees,
// caught by throws_ok or lives_ok before it could end the file. It says
// nothing about the suite either (a suite that wants 40P01 passes and is not
// run again).
func caughtConcurrencyAbort(lines []tap.Line) bool {
	for _, a := range tap.Parse(lines).Assertions {
		if a.OK || a.Directive == tap.Todo {
			continue
		}
		for _, d := range a.Diagnostics {
			if caughtAbortRE.MatchString(d) {
				return true
			}
		}
	}
	return false
}

// runOne runs a file (raw, as Execute read it, or its read error) on the
// worker's connection to the shared test
// database db (connecting when conn is nil), or on a clone of its own when
// the file must commit. It returns the connection to use for the next file
// (nil when it broke). A file that commits without asking for a database of
// its own fails, and the files that start after it get a fresh clone.
func (e *Env) runOne(ctx context.Context, conn *pgconn.PgConn, db string, gen, worker, i int, f *File, raw string, readErr error) *pgconn.PgConn {
	start := time.Now()
	defer func() {
		f.Suite = tap.Parse(f.Lines)
		f.Elapsed = time.Since(start)
	}()
	if readErr != nil {
		f.Err = readErr
		return conn
	}
	src, err := suiteSource(f.Path, raw)
	if err != nil {
		f.Err = err
		return conn
	}
	f.Commit = isCommit(src)
	if f.Commit {
		return e.runOwn(ctx, conn, i, f, src)
	}
	if conn == nil {
		conn = e.takeIdle(gen, worker)
	}
	if conn == nil {
		fc, err := e.locks.connectFile(ctx, db)
		if err != nil {
			f.Err = fmt.Errorf("connect: %w", err)
			return nil
		}
		conn = fc.conn
		e.connMu.Lock()
		e.conns[conn] = fc
		e.connMu.Unlock()
		if e.spare != "" {
			e.readSequences(ctx, conn)
		}
		PrepareSession(ctx, conn)
	}
	if !e.OpensConnections(src) {
		return e.runShared(ctx, conn, gen, f, src)
	}
	// a file that opens connections of its own may commit through them
	// behind the runner's back. When it runs alone on a kept database, the
	// transactions of its window are read: the database is kept only when
	// none of them committed (committedSince).
	if e.spare == "" || !hasMark(src, aloneMark) {
		e.tainted.Store(true)
		return e.runShared(ctx, conn, gen, f, src)
	}
	from, since, err := windowStart(ctx, conn)
	conn = e.runShared(ctx, conn, gen, f, src)
	// the file's other sessions have ended or wait idle for the next file
	// (tests.close_second_session), or they end with this one
	left := conn != nil && err == nil && e.leftAlone(ctx, db, since, conn.PID(), 100*time.Millisecond)
	// read before the session may close: its temporary tables' removal
	// commits as it ends (pgTAP's, made once a session), which is no write
	// of the file's; a session of the file's still in a transaction counts
	// (open), and ends with this one
	if err != nil || e.committedSince(ctx, from) {
		e.tainted.Store(true)
	}
	if conn != nil && !left {
		// the worker's next file starts on a new session, its caches cold
		_ = conn.Close(context.WithoutCancel(ctx))
		conn = nil
	}
	return conn
}

// runShared runs a file on the worker's connection conn to the shared test
// database (of generation gen), in a transaction that is rolled back, again
// when the server aborted it for a deadlock with another file. It returns
// the connection to use for the next file (nil when it broke).
func (e *Env) runShared(ctx context.Context, conn *pgconn.PgConn, gen int, f *File, src string) *pgconn.PgConn {
	pid := conn.PID()
	e.locks.runs(pid, f)
	defer e.locks.runs(pid, nil)
	for attempt := 1; ; attempt++ {
		// a transaction of its own even when the file forgets its begin
		// (when it has one, the server only warns)
		if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
			f.Err = fmt.Errorf("begin: %w", err)
		} else {
			runStatements(ctx, e.project, conn, src, f, true, false)
		}
		if !reset(ctx, conn) {
			_ = conn.Close(context.WithoutCancel(ctx))
			conn = nil
		}
		if f.Committed > 0 {
			if err := e.replace(context.WithoutCancel(ctx), gen); err != nil {
				f.Err = fmt.Errorf("%w\n(and no fresh clone for the files after it: %v)", f.Err, err)
			}
			return conn
		}
		// files running side by side on one database may lock the same
		// demo rows in opposite orders; the server then cancels one of
		// them. That says nothing about the suite: run it again.
		if conn == nil || attempt == maxAttempts || !(build.IsConcurrencyAbort(f.Err) || (f.Err == nil && caughtConcurrencyAbort(f.Lines))) {
			return conn
		}
		// the file it deadlocked with still waits for a row this one held:
		// run again at once, this one may take that row back first (a row
		// lock goes to whoever asks once it is free) and the two deadlock
		// again. A pause lets the other file have it and finish.
		select {
		case <-ctx.Done():
			return conn
		case <-time.After(time.Duration(attempt) * retryPause):
		}
		f.Lines, f.Err, f.Retries = nil, nil, attempt
	}
}

// runOwn runs a commit file on a clone of its own, dropped afterwards; conn,
// the worker's connection to the shared database, is returned as it is.
func (e *Env) runOwn(ctx context.Context, conn *pgconn.PgConn, i int, f *File, src string) *pgconn.PgConn {
	own := fmt.Sprintf("%s_commit_%d", e.prefix, i)
	if err := e.clone(ctx, own); err != nil {
		f.Err = err
		return conn
	}
	if c, err := pgconn.Connect(ctx, e.srv.URL(own)); err != nil {
		f.Err = fmt.Errorf("connect: %w", err)
	} else {
		runStatements(ctx, e.project, c, src, f, false, false)
		reset(ctx, c)
		_ = c.Close(context.WithoutCancel(ctx))
	}
	e.collect(ctx, own)
	if err := e.drop(context.WithoutCancel(ctx), own); err != nil && f.Err == nil {
		f.Err = err
	}
	return conn
}
