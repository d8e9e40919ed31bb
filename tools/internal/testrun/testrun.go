// Package testrun is `thick test`: it starts a throwaway PostgreSQL, rebuilds
// the project once into a template database, applies tests/setup, and runs
// every other tests/**/*.sql file in parallel, each on its own connection in
// a transaction that is rolled back, reading the pgTAP output as TAP.
package testrun

import (
	"context"
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
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/build"
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
	Root    string         // project root
	PG      string         // "", "docker", "local" or a database URL
	Jobs    int            // files run at once; <= 0 means runtime.NumCPU()
	Run     *regexp.Regexp // selects test files by path; nil for all
	JUnit   string         // JUnit XML output file; "" for none
	Verbose bool           // print every TAP line
	Color   bool
	Fresh   bool // a throwaway server even where the template cache would serve
}

// Command runs `thick test` and returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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
	o := Options{Root: "."}
	flags := flag.NewFlagSet("thick test", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&o.Root, "root", ".", "project root")
	flags.StringVar(&o.PG, "pg", "", "throwaway server: docker, local, or the URL of a database thick created (default: docker when an engine answers, else local)")
	flags.IntVar(&o.Jobs, "j", runtime.NumCPU(), "test files run in parallel")
	run := flags.String("run", "", "run only the test files whose path matches this regular expression")
	flags.StringVar(&o.JUnit, "junit", "", "write JUnit XML to this file")
	flags.BoolVar(&o.Verbose, "v", false, "print every TAP line")
	flags.BoolVar(&o.Fresh, "fresh", false, "a throwaway server and a new template, not the cached template under .thick/test (also with CI=true or --pg docker)")
	if err := flags.Parse(args); err != nil {
		return o, err
	}
	if flags.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(flags.Args(), " "))
	}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			return o, fmt.Errorf("--run: %w", err)
		}
		o.Run = re
	}
	o.Color = colorOn(stdout)
	return o, nil
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
	Files          []*File
	Passed, Failed int
	Elapsed        time.Duration
}

// Main discovers the test files, starts the server, runs everything, prints
// the per-file lines and the closing line, and writes JUnit XML if asked.
// It stops the server before returning, also when ctx is cancelled.
func Main(ctx context.Context, o Options, stdout, stderr io.Writer) (*Summary, error) {
	pr := newPrinter(stdout, o.Color, o.Verbose)
	plan, err := Discover(o.Root, o.Run)
	if err != nil {
		return nil, err
	}
	if len(plan.Files) == 0 {
		pr.summary(0, 0)
		return &Summary{}, ErrNoTests
	}
	p, err := project.Load(o.Root)
	if err != nil {
		return nil, err
	}
	cached := useCache(o)
	var srv Server
	if cached {
		srv, err = StartCache(ctx, o.Root)
	} else {
		srv, err = StartServer(ctx, o.PG, stderr)
	}
	if err != nil {
		return nil, err
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
	env, err := prepare(ctx, srv, p, plan, PrepareOptions{Color: o.Color, Verbose: o.Verbose, Stdout: stdout})
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		// the build or the setup failed: say where, then the closing line
		fmt.Fprintf(stderr, "thick test: %v\n", err)
		pr.summary(0, 1)
		return &Summary{Failed: 1}, errReported
	}
	defer env.Close(context.WithoutCancel(ctx))
	fmt.Fprintln(stdout, pr.dim.Sprintf("postgres: %s  %s  clone %s  (%d %s, -j %d)",
		srv.Describe(), env.describeTemplate(), fmtDuration(env.Clone), len(plan.Files), plural(len(plan.Files), "file"), jobs(o.Jobs, len(plan.Files))))
	sum := &Summary{}
	sum.Files = env.Execute(ctx, o.Jobs, func(f *File) {
		if ctx.Err() == nil {
			pr.file(f)
		}
	})
	sum.Elapsed = time.Since(start)
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	for _, f := range sum.Files {
		sum.Passed += f.Passed()
		sum.Failed += f.Failed()
	}
	if o.JUnit != "" {
		if err := writeJUnit(o.JUnit, sum.Files, sum.Elapsed); err != nil {
			pr.summary(sum.Passed, sum.Failed)
			return sum, err
		}
	}
	pr.summary(sum.Passed, sum.Failed)
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
// matches run (all when run is nil).
func Discover(root string, run *regexp.Regexp) (*Plan, error) {
	plan := &Plan{Root: root}
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
		case run == nil || run.MatchString(rel):
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
	Color   bool
	Verbose bool      // show the rebuild's own output
	Stdout  io.Writer // where the rebuild writes when Verbose
}

// Env is a prepared server: the template rebuilt with tests/setup applied,
// and thick_test cloned from it.
type Env struct {
	srv     Server
	plan    *Plan
	project *project.Project
	admin   *pgx.Conn
	adminMu sync.Mutex
	Rebuild time.Duration
	Setup   time.Duration
	Clone   time.Duration
	// Hit reports a template taken from the cache (no rebuild, no setup).
	Hit bool

	template, test string // the databases of the run
	keepTemplate   bool   // Close leaves the template (the cache's)
}

// describeTemplate tells in the header where the template came from.
func (e *Env) describeTemplate() string {
	if e.Hit {
		return "template cached (no SQL change)"
	}
	return fmt.Sprintf("rebuild %s  setup %s", fmtDuration(e.Rebuild), fmtDuration(e.Setup))
}

// Prepare rebuilds the project into thick_template, applies tests/setup in
// lexical order (each file as one simple-protocol query) and clones
// thick_test from the template.
func Prepare(ctx context.Context, srv Server, p *project.Project, plan *Plan, o PrepareOptions) (*Env, error) {
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	env := &Env{srv: srv, plan: plan, project: p, admin: admin, template: TemplateDB, test: TestDB}
	ok := false
	defer func() {
		if !ok {
			env.Close(context.WithoutCancel(ctx))
		}
	}()
	for _, db := range []string{TestDB, TemplateDB} {
		if err := dropDatabase(ctx, admin, db); err != nil {
			return nil, err
		}
	}
	if _, err := admin.Exec(ctx, "create database "+TemplateDB); err != nil {
		return nil, fmt.Errorf("create %s: %w", TemplateDB, err)
	}
	if err := env.buildTemplate(ctx, p, o); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cloneDatabase(ctx, admin, TemplateDB, TestDB); err != nil {
		return nil, err
	}
	env.Clone = time.Since(start)
	ok = true
	return env, nil
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
	if _, err := build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true, Stdout: out, Color: o.Color}); err != nil {
		return formatBuildError(err, o.Color)
	}
	e.Rebuild = time.Since(start)
	start = time.Now()
	for _, rel := range e.plan.Setup {
		b, err := os.ReadFile(filepath.Join(e.plan.Root, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("setup: %w", err)
		}
		src := string(b)
		if completed, err := build.ExecScript(ctx, conn.PgConn(), src); err != nil {
			return formatBuildError(build.MapErrorAt(p, rel, src, err, completed), o.Color)
		}
	}
	e.Setup = time.Since(start)
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

// Close drops the databases of the run and closes the admin connection.
func (e *Env) Close(ctx context.Context) {
	if e.admin == nil {
		return
	}
	if !e.srv.Throwaway() {
		_ = dropDatabase(ctx, e.admin, e.test)
		if !e.keepTemplate {
			_ = dropDatabase(ctx, e.admin, e.template)
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
	next := make(chan int)
	var wg sync.WaitGroup
	for range jobs(n, len(files)) {
		wg.Go(func() {
			var conn *pgconn.PgConn
			defer func() {
				if conn != nil {
					_ = conn.Close(context.WithoutCancel(ctx))
				}
			}()
			for i := range next {
				conn = e.runOne(ctx, conn, i, files[i])
				close(done[i])
			}
		})
	}
	go func() {
		defer close(next)
		for i := range files {
			select {
			case next <- i:
			case <-ctx.Done():
				// the rest are reported as not run
				for _, j := range files[i:] {
					j.Err = ctx.Err()
					j.Suite = tap.Parse(nil)
				}
				for j := i; j < len(files); j++ {
					close(done[j])
				}
				return
			}
		}
	}()
	for i := range files {
		<-done[i]
		if each != nil {
			each(files[i])
		}
	}
	wg.Wait()
	return files
}

// maxAttempts bounds the runs of a file that the server aborted for a
// deadlock or a serialization failure with another file.
const maxAttempts = 3

// isConcurrencyAbort reports whether err is a deadlock (40P01) or a
// serialization failure (40001): an abort caused by another file running
// at the same time, not by the file itself.
func isConcurrencyAbort(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// runOne runs a file on the worker's connection to thick_test (connecting
// when conn is nil), or on a clone of its own when the file must commit. It
// returns the connection to use for the next file (nil when it broke).
func (e *Env) runOne(ctx context.Context, conn *pgconn.PgConn, i int, f *File) *pgconn.PgConn {
	start := time.Now()
	defer func() {
		f.Suite = tap.Parse(f.Lines)
		f.Elapsed = time.Since(start)
	}()
	b, err := os.ReadFile(filepath.Join(e.plan.Root, filepath.FromSlash(f.Path)))
	if err != nil {
		f.Err = err
		return conn
	}
	src := string(b)
	f.Commit = isCommit(src)
	if !f.Commit {
		if conn == nil {
			if conn, err = pgconn.Connect(ctx, e.srv.URL(e.test)); err != nil {
				f.Err = fmt.Errorf("connect: %w", err)
				return nil
			}
		}
		for attempt := 1; ; attempt++ {
			// a transaction of its own even when the file forgets its begin
			// (when it has one, the server only warns)
			if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
				f.Err = fmt.Errorf("begin: %w", err)
			} else {
				runStatements(ctx, e.project, conn, src, f)
			}
			if !reset(ctx, conn) {
				_ = conn.Close(context.WithoutCancel(ctx))
				return nil
			}
			// files running side by side on one database may lock the same
			// demo rows in opposite orders; the server then cancels one of
			// them. That says nothing about the suite: run it again.
			if attempt == maxAttempts || !isConcurrencyAbort(f.Err) {
				return conn
			}
			f.Lines, f.Err, f.Retries = nil, nil, attempt
		}
	}
	db := fmt.Sprintf("thick_commit_%d", i)
	if e.test != TestDB {
		db = fmt.Sprintf("%s_commit_%d", e.test, i)
	}
	e.adminMu.Lock()
	err = cloneDatabase(ctx, e.admin, e.template, db)
	e.adminMu.Unlock()
	if err != nil {
		f.Err = err
		return conn
	}
	if own, err := pgconn.Connect(ctx, e.srv.URL(db)); err != nil {
		f.Err = fmt.Errorf("connect: %w", err)
	} else {
		runStatements(ctx, e.project, own, src, f)
		reset(ctx, own)
		_ = own.Close(context.WithoutCancel(ctx))
	}
	e.adminMu.Lock()
	if err := dropDatabase(context.WithoutCancel(ctx), e.admin, db); err != nil && f.Err == nil {
		f.Err = err
	}
	e.adminMu.Unlock()
	return conn
}
