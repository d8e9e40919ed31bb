// Package replica is `thick test --replica`: the proof that every read path
// of every <app>_api schema runs on a streaming hot standby. It builds the
// project on a throwaway server from the local binaries, makes a standby of
// it with pg_basebackup -R, waits until the standby has replayed the build,
// and then, for every <app>_api schema and every role of that application
// with a demo user (and anon), calls every view and every stable or
// immutable function as PostgREST would, in a read-only transaction, on the
// standby and on the primary, and compares the answers (rows, or SQLSTATE).
// A read path that writes (25006 in a read-only transaction, or 0A000 from
// a write inside a non-volatile function) fails the run, named by the file
// that defines it. Volatile functions must be refused on the standby with
// 25006 (or with the very refusal the primary gives), so that a router may
// send them to the primary only.
package replica

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// Options configure a run.
type Options struct {
	Root    string
	Jobs    int  // calls made at once
	Verbose bool // one line per call
	Color   bool
	// BeforeStandby, when set, runs on the built primary database before
	// the standby is made (tests add offending objects with it).
	BeforeStandby func(ctx context.Context, url string) error
}

// Command runs `thick test --replica` and returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	signal.Ignore(syscall.SIGPIPE)
	o := Options{Root: "."}
	fs := flag.NewFlagSet("thick test --replica", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("replica", true, "prove the read API on a streaming hot standby (instead of running the suites)")
	fs.StringVar(&o.Root, "root", ".", "project root")
	fs.IntVar(&o.Jobs, "j", runtime.NumCPU(), "calls made in parallel")
	fs.BoolVar(&o.Verbose, "v", false, "print every call")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "thick test --replica: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	o.Color = colorOn(stdout)
	sum, err := Main(ctx, o, stdout, stderr)
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "thick test --replica: interrupted")
		return 130
	case err != nil:
		fmt.Fprintf(stderr, "thick test --replica: %v\n", err)
		return 1
	case sum.Failed() > 0:
		return 1
	}
	return 0
}

func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// localServer adapts a pgcluster to testrun.Server; Main stops it.
type localServer struct{ c *pgcluster.Cluster }

func (s localServer) URL(db string) string       { return s.c.URL(db) }
func (s localServer) Stop(context.Context) error { return nil }
func (s localServer) Describe() string           { return "local temporary cluster" }
func (s localServer) Throwaway() bool            { return true }

// Main builds the project on a throwaway primary, starts the standby, waits
// for it, runs Check and prints the report. Both servers are removed before
// it returns, also when ctx is cancelled.
func Main(ctx context.Context, o Options, stdout, stderr io.Writer) (*Summary, error) {
	p, err := project.Load(o.Root)
	if err != nil {
		return nil, err
	}
	// the build alone: no suite and no tests/setup
	plan := &testrun.Plan{Root: o.Root}
	t0 := time.Now()
	primary, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = primary.Stop(context.WithoutCancel(ctx)) }()
	env, err := testrun.Prepare(ctx, localServer{primary}, p, plan, testrun.PrepareOptions{})
	if err != nil {
		return nil, err
	}
	// the server is a throwaway one: Close keeps the databases
	db := env.TestDatabase()
	env.Close(context.WithoutCancel(ctx))
	if o.BeforeStandby != nil {
		if err := o.BeforeStandby(ctx, primary.URL(db)); err != nil {
			return nil, err
		}
	}
	build := time.Since(t0)
	t0 = time.Now()
	standby, err := primary.StartStandby(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = standby.Stop(context.WithoutCancel(ctx)) }()
	if err := primary.WaitReplay(ctx, standby, db, time.Minute); err != nil {
		return nil, err
	}
	pr := newPrinter(stdout, o.Color, o.Verbose)
	fmt.Fprintln(stdout, pr.dim.Sprintf("primary: local temporary cluster, built in %s; standby: pg_basebackup -R, streaming, replayed in %s",
		fmtDuration(build), fmtDuration(time.Since(t0))))
	sum, err := Check(ctx, primary.URL(db), standby.URL(db), p, o.Jobs, pr.call)
	if err != nil {
		return nil, err
	}
	pr.report(sum)
	return sum, nil
}

// printer writes the calls (verbose), the failures and the closing line.
type printer struct {
	w                   io.Writer
	verbose             bool
	ok, fail, dim, warn *color.Color
}

func newPrinter(w io.Writer, colour, verbose bool) *printer {
	p := &printer{w: w, verbose: verbose, ok: color.New(color.FgGreen), fail: color.New(color.FgRed, color.Bold),
		dim: color.New(color.Faint), warn: color.New(color.FgYellow)}
	for _, c := range []*color.Color{p.ok, p.fail, p.dim, p.warn} {
		if colour {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p *printer) call(c *Call) {
	if !p.verbose {
		return
	}
	mark := p.ok.Sprint("ok    ")
	if c.Problem != "" {
		mark = p.fail.Sprint("FAILED")
	}
	fmt.Fprintf(p.w, "%s %s as %s: primary %s, standby %s\n", mark, c.Object.Name, c.Role, c.Primary, c.Standby)
}

// report prints the failures, one line per schema and the closing line.
func (p *printer) report(s *Summary) {
	failed := s.Failures()
	if len(failed) > 0 {
		fmt.Fprintf(p.w, "\n%s\n", p.fail.Sprintf("%d %s failed:", len(failed), plural.S(len(failed), "call")))
		for _, c := range failed {
			fmt.Fprintf(p.w, "%s: %s as %s (%s): %s\n    primary: %s\n    standby: %s\n",
				c.Object.where(), c.Object.Name, c.Role, c.Object.kind(), c.Problem, c.Primary, c.Standby)
		}
	}
	fmt.Fprintln(p.w)
	for _, sc := range s.Schemas {
		fmt.Fprintln(p.w, p.dim.Sprintf("%s: %d views, %d stable and %d volatile functions, called as %s; volatile calls: %d refused with 25006 on the standby, %d refused before any write as on the primary",
			sc.Name, sc.Views, sc.Stable, sc.Volatile, strings.Join(sc.Roles, ", "), sc.Refused, sc.SameRefusal))
		if u := sc.Unproven(); len(u) > 0 {
			fmt.Fprintln(p.w, p.warn.Sprintf("  volatile functions no call brought to a write (each call was refused before it, alike on both servers): %s", strings.Join(u, ", ")))
		}
	}
	if len(s.TimeDependent) > 0 {
		fmt.Fprintln(p.w, p.dim.Sprintf("answers that change from one call to the next (compared by row count and SQLSTATE): %s", strings.Join(s.TimeDependent, ", ")))
	}
	line := fmt.Sprintf("replica: %d calls compared on the standby and the primary, %d failed", len(s.Calls), len(failed))
	if len(failed) == 0 {
		fmt.Fprintln(p.w, p.ok.Sprint(line))
	} else {
		fmt.Fprintln(p.w, p.fail.Sprint(line))
	}
}

func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
