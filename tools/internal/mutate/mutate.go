// Package mutate is `thick mutate`: mutation testing of the SQL. It changes
// one code object at a time (a guard's `raise exception` made a notice, a
// row level security policy dropped, a grant to a client role revoked, a
// comparison's boundary moved, a volatile function declared stable), applies
// the change to a clone of the built template by recreating that one object
// (`create or replace`, `drop policy`, `revoke`) inside each test file's own
// transaction, and runs the suites of the file's application and core's
// against it. A mutant the suites do not notice survives: a rule whose
// removal no test would catch.
package mutate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// Options configure a run.
type Options struct {
	Root      string
	PG        string         // as thick test's --pg
	Jobs      int            // mutants run at once; <= 0 means runtime.NumCPU()
	Run       *regexp.Regexp // selects the files to mutate by path; nil for all
	Files     []string       // files to mutate (relative to Root); empty for all
	Operators map[Operator]bool
	Threshold float64 // percent of mutants that must be killed
	Verbose   bool    // one line per mutant
	Color     bool
}

// Command runs `thick mutate` and returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	signal.Ignore(syscall.SIGPIPE)
	o, err := parseFlags(args, stdout, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "thick mutate: %v\n", err)
		return 2
	}
	rep, err := Main(ctx, o, stdout, stderr)
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "thick mutate: interrupted")
		return 130
	case err != nil:
		fmt.Fprintf(stderr, "thick mutate: %v\n", err)
		return 1
	case !rep.Pass(o.Threshold):
		return 1
	}
	return 0
}

func parseFlags(args []string, stdout, stderr io.Writer) (Options, error) {
	o := Options{Root: "."}
	fs := flag.NewFlagSet("thick mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: thick mutate [flags] [FILES...]")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Root, "root", ".", "project root")
	fs.StringVar(&o.PG, "pg", "", "throwaway server, as for thick test: docker, local or the URL of a database thick created")
	fs.IntVar(&o.Jobs, "j", runtime.NumCPU(), "mutants run in parallel")
	run := fs.String("run", "", "mutate only the SQL files whose path matches this regular expression")
	ops := fs.String("operators", joinOps(Operators), "operators to apply, comma-separated")
	fs.Float64Var(&o.Threshold, "threshold", 95, "exit 1 when fewer than this percentage of the mutants are killed")
	fs.BoolVar(&o.Verbose, "v", false, "print every mutant's outcome")
	// flags may follow the files
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			return o, fmt.Errorf("--run: %w", err)
		}
		o.Run = re
	}
	o.Operators = map[Operator]bool{}
	for _, name := range strings.Split(*ops, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ok := false
		for _, op := range Operators {
			if string(op) == name {
				o.Operators[op], ok = true, true
			}
		}
		if !ok {
			return o, fmt.Errorf("--operators: unknown operator %q (known: %s)", name, joinOps(Operators))
		}
	}
	if len(o.Operators) == 0 {
		return o, errors.New("--operators: none given")
	}
	if o.Threshold < 0 || o.Threshold > 100 {
		return o, fmt.Errorf("--threshold: %g is not a percentage", o.Threshold)
	}
	o.Files = files
	o.Color = colorOn(stdout)
	return o, nil
}

func joinOps(ops []Operator) string {
	s := make([]string, len(ops))
	for i, op := range ops {
		s[i] = string(op)
	}
	return strings.Join(s, ",")
}

func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Report is the outcome of a run.
type Report struct {
	Results  []*Result // in the order of the mutants (path, line)
	Elapsed  time.Duration
	Rebuild  time.Duration // the one build of the template
	Baseline time.Duration // the judging suites, unmutated, -j as asked
}

// Counted are the results that count: not marked unreachable, applied.
func (r *Report) Counted() (killed, total int) {
	for _, res := range r.Results {
		if res.Mutant.Unreachable != "" || res.Err != nil {
			continue
		}
		total++
		if res.Killed {
			killed++
		}
	}
	return killed, total
}

// Percent is the share of counted mutants killed.
func (r *Report) Percent() float64 {
	k, n := r.Counted()
	if n == 0 {
		return 0
	}
	return 100 * float64(k) / float64(n)
}

// Pass reports whether the run meets the threshold, every mutant could be
// applied, and no line marked unreachable was reached by a test.
func (r *Report) Pass(threshold float64) bool {
	k, n := r.Counted()
	if n == 0 {
		return false
	}
	for _, res := range r.Results {
		if res.Err != nil || (res.Mutant.Unreachable != "" && res.Killed) {
			return false
		}
	}
	return float64(k)*100 >= threshold*float64(n)
}

// Main finds the mutants, prepares the server, checks that the suites pass
// unmutated, runs every mutant and prints the report.
func Main(ctx context.Context, o Options, stdout, stderr io.Writer) (*Report, error) {
	start := time.Now()
	p, err := project.Load(o.Root)
	if err != nil {
		return nil, err
	}
	files, err := selectFiles(p, o)
	if err != nil {
		return nil, err
	}
	plan, err := testrun.Discover(o.Root, nil)
	if err != nil {
		return nil, err
	}
	apps := map[string]bool{}
	for _, f := range files {
		apps[appOf(f.Path)] = true
	}
	plan.Files = suitesFor(plan.Files, apps)
	if len(files) == 0 {
		return nil, errors.New("no SQL file to mutate (nothing mutated is not a pass)")
	}
	if len(plan.Files) == 0 {
		return nil, fmt.Errorf("no suite under tests/ for %s (nothing tested is not a pass)", strings.Join(sortedKeys(apps), ", "))
	}

	srv, err := testrun.StartServer(ctx, o.PG, stderr)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err := srv.Stop(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(stderr, "thick mutate: %v\n", err)
		}
	}()
	env, err := testrun.Prepare(ctx, srv, p, plan, testrun.PrepareOptions{Color: o.Color})
	if err != nil {
		return nil, err
	}
	defer env.Close(context.WithoutCancel(ctx))
	rebuild := env.Rebuild

	roles, err := clientRoles(ctx, env.URL(env.TestDatabase()))
	if err != nil {
		return nil, err
	}
	var mutants []*Mutant
	for _, f := range files {
		mutants = append(mutants, Find(f, o.Operators, roles)...)
	}
	for i, m := range mutants {
		m.ID = i + 1
	}

	r, err := newRunner(ctx, env, p, o, plan, roles)
	if err != nil {
		return nil, err
	}
	defer r.close(context.WithoutCancel(ctx))

	pr := newPrinter(stdout, o.Color)
	t0 := time.Now()
	if err := r.baseline(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	baseline := time.Since(t0)
	fmt.Fprintln(stdout, pr.dim.Sprintf("postgres: %s  rebuild %s  baseline %s  (%d %s of %d %s, %d %s, -j %d)",
		srv.Describe(), fmtDuration(rebuild), fmtDuration(baseline),
		len(mutants), plural.S(len(mutants), "mutant"), len(files), plural.S(len(files), "file"),
		len(plan.Files), plural.S(len(plan.Files), "suite"), r.jobs))

	progress := progressFunc(stderr, len(mutants))
	rep := &Report{Rebuild: rebuild, Baseline: baseline}
	rep.Results = r.run(ctx, mutants, func(res *Result, done int) {
		if o.Verbose {
			pr.verbose(res)
		}
		progress(done)
	})
	rep.Elapsed = time.Since(start)
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	pr.report(rep, o.Threshold)
	return rep, nil
}

// selectFiles picks the code files to mutate: those named (or all), whose
// path matches --run.
func selectFiles(p *project.Project, o Options) ([]*project.File, error) {
	var out []*project.File
	if len(o.Files) > 0 {
		root, err := filepath.Abs(o.Root)
		if err != nil {
			return nil, err
		}
		for _, name := range o.Files {
			abs, err := filepath.Abs(name)
			if err != nil {
				return nil, err
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil || strings.HasPrefix(rel, "..") {
				// a path relative to the root rather than to the working directory
				rel = name
			}
			f := p.File(filepath.ToSlash(rel))
			if f == nil {
				return nil, fmt.Errorf("%s: not a SQL file of the project", name)
			}
			if !isCode(f.Path) && !isTable(f.Path) {
				return nil, fmt.Errorf("%s: not in a code folder (%s) nor a table folder (%s)", name,
					strings.Join(CodeFolders, ", "), strings.Join(TableFolders, ", "))
			}
			out = append(out, f)
		}
	} else {
		for _, f := range p.Files {
			if isCode(f.Path) || (o.Operators[Check] && isTable(f.Path)) {
				out = append(out, f)
			}
		}
	}
	if o.Run != nil {
		kept := out[:0]
		for _, f := range out {
			if o.Run.MatchString(f.Path) {
				kept = append(kept, f)
			}
		}
		out = kept
	}
	return out, nil
}

// suitesFor keeps the suites that judge mutants of the given applications:
// each application's own (tests/<app>/) and core's.
func suitesFor(files []string, apps map[string]bool) []string {
	var out []string
	for _, f := range files {
		dir := strings.SplitN(f, "/", 3)
		if len(dir) == 3 && (dir[1] == "core" || apps[dir[1]]) {
			out = append(out, f)
		}
	}
	return out
}

// suiteJudges reports whether the suite at path judges mutants of app:
// core's suites judge every mutant; an application's, its own.
func suiteJudges(suite, app string) bool {
	dir := strings.SplitN(suite, "/", 3)
	return len(dir) == 3 && (dir[1] == "core" || dir[1] == app)
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// progressFunc shows "mutants: done/total" on a terminal, nothing elsewhere.
func progressFunc(w io.Writer, total int) func(int) {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) || total == 0 {
		return func(int) {}
	}
	return func(done int) {
		fmt.Fprintf(w, "\rmutants: %d/%d", done, total)
		if done == total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// printer writes the report.
type printer struct {
	w                      io.Writer
	ok, fail, dim, warn, b *color.Color
}

func newPrinter(w io.Writer, colour bool) *printer {
	p := &printer{w: w, ok: color.New(color.FgGreen), fail: color.New(color.FgRed, color.Bold),
		dim: color.New(color.Faint), warn: color.New(color.FgYellow), b: color.New(color.Bold)}
	for _, c := range []*color.Color{p.ok, p.fail, p.dim, p.warn, p.b} {
		if colour {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p *printer) verbose(res *Result) {
	m := res.Mutant
	switch {
	case res.Err != nil:
		fmt.Fprintf(p.w, "%s %s: %s: %s\n", p.fail.Sprint("error   "), m.Where(), m.Op, firstLine(res.Err.Error()))
	case res.Killed:
		fmt.Fprintf(p.w, "%s %s: %s: %s  %s\n", p.ok.Sprint("killed  "), m.Where(), m.Op, m.Change,
			p.dim.Sprintf("by %s (%s)  %d %s, %s", res.By, res.Why, res.Suites, plural.S(res.Suites, "suite"), fmtDuration(res.Elapsed)))
	default:
		fmt.Fprintf(p.w, "%s %s: %s: %s  %s\n", p.fail.Sprint("survived"), m.Where(), m.Op, m.Change,
			p.dim.Sprintf("%d %s, %s", res.Suites, plural.S(res.Suites, "suite"), fmtDuration(res.Elapsed)))
	}
}

// report prints the survivors, the mutants that could not be applied, the
// lines marked unreachable, a line per operator and the closing line.
func (p *printer) report(rep *Report, threshold float64) {
	var survivors, errs, unreachable []*Result
	for _, res := range rep.Results {
		switch {
		case res.Mutant.Unreachable != "":
			unreachable = append(unreachable, res)
		case res.Err != nil:
			errs = append(errs, res)
		case !res.Killed:
			survivors = append(survivors, res)
		}
	}
	if len(survivors) > 0 {
		fmt.Fprintf(p.w, "\n%s\n", p.b.Sprintf("%d %s survived (the suites pass with the change):", len(survivors), plural.S(len(survivors), "mutant")))
		for _, res := range survivors {
			m := res.Mutant
			fmt.Fprintf(p.w, "%s: %s: %s\n", m.Where(), p.fail.Sprint(m.Op), m.Source)
			note := ""
			if res.Suites == 0 {
				note = "  (no suite reaches it)"
			}
			fmt.Fprintf(p.w, "    %s\n", p.dim.Sprint("mutant: "+m.Change+note))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(p.w, "\n%s\n", p.b.Sprintf("%d %s could not be applied (not counted; a bug of thick mutate or of the file):", len(errs), plural.S(len(errs), "mutant")))
		for _, res := range errs {
			m := res.Mutant
			fmt.Fprintf(p.w, "%s: %s: %s\n    %s\n", m.Where(), m.Op, m.Source, p.fail.Sprint(firstLine(res.Err.Error())))
		}
	}
	if len(unreachable) > 0 {
		fmt.Fprintf(p.w, "\n%s\n", p.b.Sprintf("%d marked unreachable (listed apart, not counted):", len(unreachable)))
		for _, res := range unreachable {
			m := res.Mutant
			fmt.Fprintf(p.w, "%s: %s: %s\n", m.Where(), m.Op, m.Unreachable)
			if res.Killed {
				fmt.Fprintf(p.w, "    %s\n", p.fail.Sprintf("but %s fails without it (%s): the mark is wrong", res.By, res.Why))
			}
		}
	}
	fmt.Fprintln(p.w)
	var parts []string
	for _, op := range Operators {
		k, n := 0, 0
		for _, res := range rep.Results {
			if res.Mutant.Op != op || res.Mutant.Unreachable != "" || res.Err != nil {
				continue
			}
			n++
			if res.Killed {
				k++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d/%d", op, k, n))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintln(p.w, p.dim.Sprintf("killed per operator: %s  (%s)", strings.Join(parts, ", "), fmtDuration(rep.Elapsed)))
	}
	k, n := rep.Counted()
	line := fmt.Sprintf("mutation: %d of %d mutants killed (%s %%)", k, n, fmtPercent(rep.Percent()))
	if rep.Pass(threshold) {
		fmt.Fprintln(p.w, p.ok.Sprint(line))
	} else {
		fmt.Fprintln(p.w, p.fail.Sprint(line)+p.dim.Sprintf("  below --threshold %g or with errors", threshold))
	}
}

// fmtPercent prints one decimal, never rounding up to a threshold not met.
func fmtPercent(p float64) string {
	s := fmt.Sprintf("%.1f", float64(int(p*10))/10)
	return strings.TrimSuffix(s, ".0")
}

func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
