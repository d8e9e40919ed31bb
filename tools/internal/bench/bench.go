// Package bench is `thick bench`: it measures, in one run, the rebuild, the
// test runner and the throwaway server start-up against their references
// (psql -1 -f on the concatenated files, a psql -f loop, pg_prove -j N,
// testcontainers) on a generated project and on the project's own tree, and
// prints the ratios as a table. It reports; it asserts nothing.
package bench

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgdocker"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// Options configure a bench run.
type Options struct {
	Root        string // the project's own tree ("" to skip it)
	Runs        int    // samples per measurement (the psql loop and start-ups take at most 3)
	ProjectRuns int    // samples on the project's own tree (0: Runs)
	Jobs        int    // -j for thick test and pg_prove
	Synthetic   bool   // measure the generated project
	Docker      bool   // measure the testcontainers start-up when an engine answers
	Psql        string // psql for the references ("" for psql on PATH)
	NoTree      bool   // leave the project's tree out of the first table
}

// Row is one line of the table.
type Row struct {
	Measurement string
	Thick       time.Duration
	Reference   time.Duration
	RefName     string
	Ratio       float64 // how much better thick is (reference/thick), or thick/reference for the floor
	Target      string
	Met         string // yes, no, or "-" when there is no target
	Note        string
}

// Command runs `thick bench` and returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// `thick bench | head` must not kill the process before the throwaway
	// server is stopped: with SIGPIPE ignored a closed stdout is only a
	// failed write.
	signal.Ignore(syscall.SIGPIPE)
	o := Options{}
	fs := flag.NewFlagSet("thick bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Root, "root", ".", "project root whose own tree is measured too (\"\" to skip)")
	fs.IntVar(&o.Runs, "runs", 5, "samples per measurement (the median is reported)")
	fs.IntVar(&o.ProjectRuns, "project-runs", 3, "samples on the project's own tree, whose seed makes each slow")
	fs.IntVar(&o.Jobs, "j", runtime.NumCPU(), "parallel suites for thick test and pg_prove")
	noSynth := fs.Bool("no-synthetic", false, "skip the generated project")
	noTree := fs.Bool("no-tree", false, "skip the project's own tree in the first table (the reload, loop, API and queue tables still use it)")
	noDocker := fs.Bool("no-docker", false, "skip the testcontainers start-up")
	noReload := fs.Bool("no-reload", false, "skip the in-place code reload against the full rebuild")
	noLoop := fs.Bool("no-loop", false, "skip the loop table (rebuild, --no-seed, thick test cold and warm, make pg_prove, save-to-green in watch)")
	loopRuns := fs.Int("loop-runs", 3, "samples per measurement of the loop table (at least 3)")
	noAPI := fs.Bool("no-api", false, "skip the API benchmarks (every scripts/bench_<app>/ under pgbench, as PostgREST calls the API)")
	apiOnly := fs.String("api", "", "run only the API benchmarks of the applications matching this regular expression (crm, med|hr)")
	noQueue := fs.Bool("no-queue", false, "skip the job queue benchmark (throughput and wake-up against River)")
	fs.StringVar(&o.Psql, "psql", "", "psql binary of the references (default: psql on PATH)")
	noMutate := fs.Bool("no-mutate", false, "skip the thick mutate run times")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	o.Synthetic, o.Docker, o.NoTree = !*noSynth, !*noDocker, *noTree
	var only *regexp.Regexp
	if *apiOnly != "" {
		re, err := regexp.Compile("^(?:" + *apiOnly + ")$")
		if err != nil {
			fmt.Fprintf(stderr, "thick bench: --api: %v\n", err)
			return 2
		}
		only = re
	}
	if o.Psql == "" {
		o.Psql = "psql"
	}
	if p, err := exec.LookPath(o.Psql); err == nil {
		o.Psql = p
	}
	rows, err := Run(ctx, o, stderr)
	Print(stdout, rows)
	if len(rows) > 0 {
		fmt.Fprintf(stdout, "\nmedians of %d runs (project tree: %d; psql loop and start-ups: at most 3), samples interleaved; -j %d; references use %s; %d CPUs\n",
			max(o.Runs, 1), cmp.Or(max(o.ProjectRuns, 0), max(o.Runs, 1)), o.Jobs, o.Psql, runtime.NumCPU())
	}
	if err != nil {
		fmt.Fprintf(stderr, "thick bench: %v\n", err)
		return 1
	}
	if !*noReload && o.Root != "" {
		fmt.Fprintln(stdout)
		if err := runReload(ctx, o.Root, cmp.Or(max(o.ProjectRuns, 0), max(o.Runs, 1)), stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "thick bench: reload: %v\n", err)
			return 1
		}
	}
	if !*noLoop && o.Root != "" {
		loop, err := Loop(ctx, LoopOptions{Root: o.Root, Runs: *loopRuns}, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "thick bench: loop: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout)
		Print(stdout, loop)
		fmt.Fprintf(stdout, "\nloop: medians of %d runs, end to end with thick's binary on a copy of the tree (cold: no cached template, the cache server up; make pg_prove: scripts/pg_prove.sh)\n", max(*loopRuns, 3))
	}
	if !*noAPI && o.Root != "" {
		fmt.Fprintln(stdout)
		if err := runAPI(ctx, o.Root, only, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "thick bench: api: %v\n", err)
			return 1
		}
	}
	if !*noQueue && o.Root != "" {
		fmt.Fprintln(stdout)
		if err := runQueue(ctx, o.Root, DefaultQueueOptions(), stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "thick bench: queue: %v\n", err)
			return 1
		}
	}
	if !*noMutate && o.Root != "" {
		fmt.Fprintln(stdout)
		if err := runMutate(ctx, o.Root, o.Jobs, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "thick bench: mutate: %v\n", err)
			return 1
		}
	}
	return 0
}

// Run takes the measurements; progress goes to log.
func Run(ctx context.Context, o Options, log io.Writer) ([]Row, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	for _, tool := range []string{"pg_prove", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s not found: %w", tool, err)
		}
	}
	// the references run psql as a user types it (on Debian, /usr/bin/psql
	// is a perl wrapper that picks the server's binary); --psql changes it
	psql := o.Psql
	if psql == "" {
		psql = "psql"
	}
	psql, err := exec.LookPath(psql)
	if err != nil {
		return nil, fmt.Errorf("psql not found: %w", err)
	}
	fmt.Fprintf(log, "bench: references use %s\n", psql)
	var rows []Row
	fmt.Fprintln(log, "bench: starting a temporary local cluster")
	t0 := time.Now()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	firstStart := time.Since(t0)
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()

	var trees []tree
	if o.Synthetic {
		dir, err := os.MkdirTemp("", "thick-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench project: %w", err)
		}
		defer os.RemoveAll(dir)
		n, err := Generate(dir)
		if err != nil {
			return nil, err
		}
		trees = append(trees, tree{name: fmt.Sprintf("synthetic (%d files)", n), root: dir})
	}
	if o.Root != "" && !o.NoTree {
		if p, err := project.Load(o.Root); err == nil && len(p.Files) > 0 {
			trees = append(trees, tree{name: fmt.Sprintf("project (%d files)", len(p.Files)), root: o.Root, own: true})
		} else if err != nil {
			fmt.Fprintf(log, "bench: project tree skipped: %v\n", err)
		}
	}
	b := &bencher{c: c, o: o, log: log, psql: psql}
	for _, t := range trees {
		r, err := b.tree(ctx, t)
		rows = append(rows, r...)
		if ctx.Err() != nil {
			return rows, ctx.Err()
		}
		if err != nil {
			// a tree that does not build (the project's SQL mid-edit) is
			// reported in the table; the other measurements go on
			fmt.Fprintf(log, "bench: %v\n", err)
			rows = append(rows, Row{Measurement: t.name, Target: "-", Met: "-", Note: "error: " + firstLine(err.Error())})
		}
	}
	rows = append(rows, b.startup(ctx, firstStart))
	return rows, nil
}

type tree struct {
	name, root string
	own        bool // the project's own tree
}

type bencher struct {
	c    *pgcluster.Cluster
	o    Options
	log  io.Writer
	psql string
}

func (b *bencher) tree(ctx context.Context, t tree) ([]Row, error) {
	p, err := project.Load(t.root)
	if err != nil {
		return nil, err
	}
	runs := b.o.Runs
	if t.own && b.o.ProjectRuns > 0 {
		runs = b.o.ProjectRuns
	}
	fmt.Fprintf(b.log, "bench: %s, %d runs\n", t.name, runs)

	// the floor: the same files concatenated, one psql -1 -f
	all, err := os.CreateTemp("", "thick-bench-*.sql")
	if err != nil {
		return nil, err
	}
	defer os.Remove(all.Name())
	var paths []string
	for _, f := range p.Files {
		fmt.Fprintf(all, "%s\n", f.Content)
		paths = append(paths, filepath.FromSlash(f.Path))
	}
	if err := all.Close(); err != nil {
		return nil, err
	}
	rebuild := func(db string) error {
		conn, err := pgx.Connect(ctx, b.c.URL(db))
		if err != nil {
			return err
		}
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true, Stdout: io.Discard})
		return err
	}
	floorFn := func(db string) error {
		return b.cmd(ctx, t.root, b.psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", b.c.URL(db), "-f", all.Name())
	}
	// the classic loop: one psql -f per file
	loopFn := func(db string) error {
		loop := `for f in "$@"; do "$THICK_BENCH_PSQL" -X -q -v ON_ERROR_STOP=1 -d "$THICK_BENCH_URL" -f "$f" >/dev/null || exit 1; done`
		args := append([]string{"-c", loop, "bash"}, paths...)
		cmd := exec.CommandContext(ctx, "bash", args...)
		cmd.Dir = t.root
		cmd.Env = append(os.Environ(), "THICK_BENCH_URL="+b.c.URL(db), "THICK_BENCH_PSQL="+b.psql)
		return runCmd(cmd)
	}
	// samples are interleaved, so a change of load on the machine weighs on
	// thick and its references alike
	var thick, floor, loop series
	for i := range runs {
		thick.add(b.timed(ctx, "bench_rebuild", rebuild))
		if thick.err != nil {
			return nil, fmt.Errorf("%s: thick rebuild: %w", t.name, thick.err)
		}
		if floor.err == nil {
			floor.add(b.timed(ctx, "bench_floor", floorFn))
		}
		if loop.err == nil && i < min(runs, 3) {
			loop.add(b.timed(ctx, "bench_loop", loopFn))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	th, fl, lo := thick.median(), floor.median(), loop.median()
	rows := []Row{
		ratioRow(t.name+": rebuild vs psql -1 -f (concatenated)", th, fl, floor.err,
			"psql -1 -f", th.Seconds()/max(fl.Seconds(), 1e-9), "<= 1.15x the floor", th.Seconds() <= 1.15*fl.Seconds()),
		ratioRow(t.name+": rebuild vs psql -f loop", th, lo, loop.err,
			"bash loop", lo.Seconds()/max(th.Seconds(), 1e-9), ">= 10x faster", lo >= 10*th),
	}

	// thick test against pg_prove -j N on the same suites
	plan, err := testrun.Discover(t.root, nil)
	if err != nil {
		return rows, err
	}
	if len(plan.Files) == 0 {
		fmt.Fprintf(b.log, "bench: %s has no test files; thick test vs pg_prove skipped\n", t.name)
		return rows, nil
	}
	more, err := b.tests(ctx, t, p, plan, runs)
	return append(rows, more...), err
}

// tests measures thick test against pg_prove -j N on the same suites: the
// suites alone (thick's parallel runs on a prepared template; pg_prove on a
// prepared database) and end to end without the server start (thick: rebuild
// into the template, setup, clone, suites; reference: the same rebuild,
// setup with psql, pg_prove, as `make pg_prove` does). Samples interleave.
func (b *bencher) tests(ctx context.Context, t tree, p *project.Project, plan *testrun.Plan, runs int) ([]Row, error) {
	srv := server{b.c}
	failed := 0
	proveFailed := false
	var thickSuites, thickAll, proveSuites, proveAll series
	for range runs {
		t0 := time.Now()
		env, err := testrun.Prepare(ctx, srv, p, plan, testrun.PrepareOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: thick test: %w", t.name, err)
		}
		t1 := time.Now()
		failed = 0
		for _, f := range env.Execute(ctx, b.o.Jobs, nil) {
			failed += f.Failed()
		}
		thickSuites.add(time.Since(t1), nil)
		thickAll.add(time.Since(t0), nil)
		env.Close(context.WithoutCancel(ctx))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if proveSuites.err != nil {
			continue
		}

		if err := b.recreate(ctx, "bench_prove"); err != nil {
			return nil, err
		}
		t0 = time.Now()
		if err := b.prepareForProve(ctx, t, p, plan); err != nil {
			return nil, err
		}
		t1 = time.Now()
		// pg_prove splits its options on '=', so no connection string: the
		// parts of one
		args := append([]string{"--psql-bin", b.psql, "-j", fmt.Sprint(b.o.Jobs), "-h", b.c.SocketDir, "-p", fmt.Sprint(b.c.Port),
			"-U", "postgres", "-d", "bench_prove"}, plan.Files...)
		cmd := exec.CommandContext(ctx, "pg_prove", args...)
		cmd.Dir = t.root
		if err := runCmd(cmd); err != nil {
			if _, ok := errors.AsType[*exec.ExitError](err); !ok {
				proveSuites.add(0, err)
				continue
			}
			if !proveFailed {
				fmt.Fprintf(b.log, "bench: %s: pg_prove reported failures:\n%v\n", t.name, err)
			}
			proveFailed = true // failing suites still time the run
		}
		proveSuites.add(time.Since(t1), nil)
		proveAll.add(time.Since(t0), nil)
	}
	_ = b.drop(ctx, "bench_prove")
	note := ""
	if failed > 0 || proveFailed {
		note = fmt.Sprintf("suites not all green (thick: %d failed; pg_prove failures: %v)", failed, proveFailed)
	}
	ts, ps := thickSuites.median(), proveSuites.median()
	r1 := ratioRow(fmt.Sprintf("%s: %d suites: thick test -j %d vs pg_prove -j %d", t.name, len(plan.Files), b.o.Jobs, b.o.Jobs),
		ts, ps, proveSuites.err, "pg_prove", ps.Seconds()/max(ts.Seconds(), 1e-9), ">= 3x faster", ps >= 3*ts)
	r1.Note = note
	ta, pa := thickAll.median(), proveAll.median()
	r2 := ratioRow(t.name+": rebuild+setup+suites: thick test vs rebuild, psql setup, pg_prove",
		ta, pa, proveSuites.err, "make pg_prove", pa.Seconds()/max(ta.Seconds(), 1e-9), "-", true)
	r2.Target, r2.Met = "-", "-"
	return []Row{r1, r2}, nil
}

// prepareForProve builds bench_prove as `make pg_prove` does: thick's
// rebuild, then tests/setup with psql.
func (b *bencher) prepareForProve(ctx context.Context, t tree, p *project.Project, plan *testrun.Plan) error {
	conn, err := pgx.Connect(ctx, b.c.URL("bench_prove"))
	if err != nil {
		return err
	}
	_, err = build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true, Stdout: io.Discard})
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("%s: rebuild for pg_prove: %w", t.name, err)
	}
	for _, s := range plan.Setup {
		if err := b.cmd(ctx, t.root, b.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", b.c.URL("bench_prove"), "-f", filepath.FromSlash(s)); err != nil {
			return fmt.Errorf("%s: setup for pg_prove: %w", t.name, err)
		}
	}
	return nil
}

// series collects the samples of one measurement and its first error.
type series struct {
	ds   []time.Duration
	err  error
	note string
}

func (s *series) add(d time.Duration, err error) {
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	s.ds = append(s.ds, d)
}

func (s *series) median() time.Duration { return median(s.ds) }

// startup measures a throwaway server: a temporary local cluster (initdb and
// start) and, where an engine answers, a testcontainers container.
func (b *bencher) startup(ctx context.Context, first time.Duration) Row {
	local := []time.Duration{first}
	for i := 1; i < min(b.o.Runs, 3); i++ {
		t0 := time.Now()
		c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
		if err != nil {
			break
		}
		local = append(local, time.Since(t0))
		_ = c.Stop(context.WithoutCancel(ctx))
	}
	row := Row{Measurement: "throwaway Postgres start-up: local vs docker", Thick: median(local), RefName: "testcontainers", Target: "-", Met: "-"}
	if !b.o.Docker {
		row.Note = "docker: skipped"
		return row
	}
	if _, err := pgdocker.Available(ctx); err != nil {
		row.Note = "docker: not available"
		return row
	}
	var dock []time.Duration
	// the first start may build the image: warm up once, untimed
	for i := 0; i <= min(b.o.Runs, 3); i++ {
		t0 := time.Now()
		c, err := pgdocker.Start(ctx, pgdocker.Options{Log: b.log})
		if err != nil {
			row.Note = "docker: " + err.Error()
			return row
		}
		if i > 0 {
			dock = append(dock, time.Since(t0))
		}
		_ = c.Stop(context.WithoutCancel(ctx))
	}
	row.Reference = median(dock)
	row.Ratio = row.Reference.Seconds() / max(row.Thick.Seconds(), 1e-9)
	return row
}

// timed runs fn on a freshly created database db (its creation and its
// drop afterwards are not timed) and returns how long fn took.
func (b *bencher) timed(ctx context.Context, db string, fn func(db string) error) (time.Duration, error) {
	if err := b.recreate(ctx, db); err != nil {
		return 0, err
	}
	t0 := time.Now()
	err := fn(db)
	d := time.Since(t0)
	if derr := b.drop(context.WithoutCancel(ctx), db); err == nil {
		err = derr
	}
	return d, err
}

func (b *bencher) recreate(ctx context.Context, db string) error {
	if err := b.drop(ctx, db); err != nil {
		return err
	}
	return b.c.CreateDatabase(ctx, db)
}

func (b *bencher) drop(ctx context.Context, db string) error {
	conn, err := pgx.Connect(ctx, b.c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, "drop database if exists "+pgx.Identifier{db}.Sanitize()+" with (force)")
	return err
}

func (b *bencher) cmd(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	return runCmd(cmd)
}

// runCmd runs cmd, discarding its output unless it fails.
func runCmd(cmd *exec.Cmd) error {
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if len(msg) > 40000 {
			msg = msg[:20000] + "\n...\n" + msg[len(msg)-20000:]
		}
		return fmt.Errorf("%s: %w\n%s", filepath.Base(cmd.Path), err, msg)
	}
	return nil
}

func ratioRow(name string, thick, ref time.Duration, refErr error, refName string, ratio float64, target string, met bool) Row {
	r := Row{Measurement: name, Thick: thick, Reference: ref, RefName: refName, Ratio: ratio, Target: target, Met: "no"}
	if refErr != nil {
		r.Reference, r.Ratio, r.Met = 0, 0, "-"
		r.Note = refName + " failed: " + firstLine(refErr.Error())
		return r
	}
	if met {
		r.Met = "yes"
	}
	return r
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Print writes the table.
func Print(w io.Writer, rows []Row) {
	if len(rows) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measurement\tthick\treference\tratio\ttarget\tmet\t")
	for _, r := range rows {
		ref, ratio := "-", "-"
		if r.Reference > 0 {
			ref = fmt.Sprintf("%s %s", fmtD(r.Reference), r.RefName)
			ratio = fmt.Sprintf("%.2fx", r.Ratio)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Measurement, fmtD(r.Thick), ref, ratio, r.Target, r.Met, r.Note)
	}
	_ = tw.Flush()
}

func fmtD(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// server adapts the bench cluster to testrun.Server; the cluster is stopped
// by Run, not by the test runner.
type server struct{ c *pgcluster.Cluster }

func (s server) URL(db string) string       { return s.c.URL(db) }
func (s server) Stop(context.Context) error { return nil }
func (s server) Describe() string           { return "bench cluster" }
func (s server) Throwaway() bool            { return false }
