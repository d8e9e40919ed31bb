package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// The "loop" table: what a developer waits for, measured end to end with
// thick's own binary on a copy of the project's tree (so the bench never
// edits the tree nor touches its development database): a full rebuild, a
// rebuild with --no-seed, thick test cold (no cached template) and warm (a
// cache hit), `make pg_prove`'s script, and save-to-green in thick watch
// --test for a saved function and for a saved suite. Medians of Runs
// samples, interleaved; ratios reported, nothing asserted.

// LoopOptions configure the loop table.
type LoopOptions struct {
	Root  string // the project's tree
	Runs  int    // samples per measurement (at least 3)
	Thick string // thick's binary ("" for this process's)
}

// loopCopy are the parts of the tree the loop's commands read.
var loopCopy = append(slices.Clone(project.Folders), testrun.TestsDir, "scripts")

// Loop measures the loop and returns its rows; progress goes to log.
func Loop(ctx context.Context, o LoopOptions, log io.Writer) ([]Row, error) {
	o.Runs = max(o.Runs, 3)
	if o.Thick == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		o.Thick = exe
	}
	if _, err := os.Stat(filepath.Join(o.Root, "scripts", "pg_prove.sh")); err != nil {
		return nil, fmt.Errorf("loop: no scripts/pg_prove.sh in %s", o.Root)
	}
	tree, err := os.MkdirTemp("", "thick-loop-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tree)
	// the server's OS user must reach the copy's .thick/test
	if err := os.Chmod(tree, 0o755); err != nil {
		return nil, err
	}
	for _, d := range loopCopy {
		if err := copyTree(filepath.Join(o.Root, d), filepath.Join(tree, d)); err != nil {
			return nil, err
		}
	}
	defer func() {
		if c, err := pgcluster.Open(testrun.CacheDir(tree)); err == nil {
			_ = c.Stop(context.WithoutCancel(ctx))
		}
	}()
	fmt.Fprintf(log, "bench: loop: %d runs on a copy of the tree\n", o.Runs)
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	for _, db := range []string{"loop_prove", "loop_watch"} {
		if err := c.CreateDatabase(ctx, db); err != nil {
			return nil, err
		}
	}
	l := &looper{c: c, o: o, tree: tree, log: log}
	// the environment of a developer's shell: no CI, no DATABASE_URL
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			l.env = append(l.env, kv)
		}
	}

	// warm-up, untimed: the cache server's initdb and first template
	if err := l.thick(ctx, nil, "test", "--root", tree); err != nil {
		return nil, fmt.Errorf("loop: thick test: %w", err)
	}
	var full, noSeed, cold, warm, prove, warmCPU series
	red := 0 // test runs whose suites were not all green (timed all the same)
	test := func() error {
		err := l.thick(ctx, nil, "test", "--root", tree)
		if err != nil && ranSuites.MatchString(err.Error()) {
			red++
			fmt.Fprintf(log, "bench: loop: a thick test run was not all green:\n%s\n", failures(err.Error()))
			return nil
		}
		return err
	}
	for range o.Runs {
		full.add(l.timed(ctx, "loop_rebuild", func(db string) error {
			return l.thick(ctx, nil, "rebuild", "--db", c.URL(db), "--root", tree)
		}))
		noSeed.add(l.timed(ctx, "loop_noseed", func(db string) error {
			return l.thick(ctx, nil, "rebuild", "--no-seed", "--db", c.URL(db), "--root", tree)
		}))
		if err := l.dropTemplates(ctx); err != nil {
			return nil, err
		}
		cold.add(l.clock(test))
		before, cpuOK := l.cacheCPU()
		d, err := l.clock(test)
		warm.add(d, err)
		if after, ok := l.cacheCPU(); cpuOK && ok && err == nil {
			warmCPU.add(after-before, nil)
		}
		prove.add(l.clock(func() error {
			cmd := exec.CommandContext(ctx, "bash", filepath.Join(tree, "scripts", "pg_prove.sh"))
			cmd.Dir = tree
			cmd.Env = append(slices.Clone(l.env), "THICK="+o.Thick, "DATABASE_URL="+c.URL("loop_prove"))
			return runCmd(cmd)
		}))
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	fn, suite, err := l.saveToGreen(ctx)
	if err != nil {
		fmt.Fprintf(log, "bench: loop: save-to-green: %v\n", err)
	}

	for _, s := range []series{full, noSeed, cold, warm, prove} {
		if s.err != nil {
			fmt.Fprintf(log, "bench: loop: %v\n", s.err)
		}
	}
	f, ns, cd, wm, pp := full.median(), noSeed.median(), cold.median(), warm.median(), prove.median()
	rows := []Row{
		loopRow("loop: rebuild (full)", f, full.err, 0, nil, "", "-", false),
		loopRow("loop: rebuild --no-seed vs full", ns, noSeed.err, f, full.err, "full rebuild", "-", false),
		loopRow("loop: thick test cold (template built) vs make pg_prove", cd, cold.err, pp, prove.err, "make pg_prove", "-", false),
		loopRow("loop: thick test warm (cache hit) vs make pg_prove", wm, warm.err, pp, prove.err, "make pg_prove", ">= 4x faster", pp >= 4*wm),
		loopRow("loop: thick test warm vs cold", wm, warm.err, cd, cold.err, "cold", "-", false),
	}
	if c := warmCPU.median(); c > 0 && wm > 0 {
		rows = append(rows, Row{Measurement: "loop: thick test warm, server CPU", Thick: c, Reference: wm, RefName: "warm wall time",
			Ratio: c.Seconds() / wm.Seconds(), Target: "-", Met: "-",
			Note: fmt.Sprintf("ratio: cores busy on average, of %d (the test server's exited processes' CPU)", runtime.NumCPU())})
	}
	if red > 0 {
		for _, i := range []int{2, 3} {
			if rows[i].Note == "" {
				rows[i].Note = fmt.Sprintf("%d of %d thick test runs not all green (timed all the same)", red, 2*o.Runs)
			}
		}
	}
	for _, s := range []struct {
		name string
		ser  series
	}{{"loop: save-to-green in watch --test, a function saved", fn}, {"loop: save-to-green in watch --test, a suite saved", suite}} {
		d := s.ser.median()
		r := loopRow(s.name, d, s.ser.err, 0, nil, "", "< 2s", d > 0 && d < 2*time.Second)
		if len(s.ser.ds) == 0 && s.ser.err == nil {
			r.Note = "not measured"
		} else if r.Note == "" {
			r.Note = s.ser.note
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// loopRow is a row whose ratio is reference/thick (how many times faster).
func loopRow(name string, d time.Duration, err error, ref time.Duration, refErr error, refName, target string, met bool) Row {
	r := Row{Measurement: name, Thick: d, Target: target, Met: "-"}
	if err != nil {
		r.Note = "error: " + firstLine(err.Error())
		return r
	}
	if target != "-" {
		r.Met = "no"
		if met {
			r.Met = "yes"
		}
	}
	if refName != "" {
		if refErr != nil {
			r.Note = refName + " failed: " + firstLine(refErr.Error())
			return r
		}
		r.Reference, r.RefName = ref, refName
		r.Ratio = ref.Seconds() / max(d.Seconds(), 1e-9)
	}
	return r
}

type looper struct {
	c    *pgcluster.Cluster
	o    LoopOptions
	tree string
	log  io.Writer
	env  []string
}

// thick runs thick's binary with args, its output discarded unless it fails.
func (l *looper) thick(ctx context.Context, extraEnv []string, args ...string) error {
	cmd := exec.CommandContext(ctx, l.o.Thick, args...)
	cmd.Dir = l.tree
	cmd.Env = append(slices.Clone(l.env), extraEnv...)
	return runCmd(cmd)
}

func (l *looper) clock(fn func() error) (time.Duration, error) {
	t0 := time.Now()
	err := fn()
	return time.Since(t0), err
}

// timed runs fn on a new empty database (created and dropped untimed).
func (l *looper) timed(ctx context.Context, db string, fn func(db string) error) (time.Duration, error) {
	b := &bencher{c: l.c}
	return b.timed(ctx, db, fn)
}

// cacheCPU returns the CPU time of the copy's test server's exited
// processes, where /proc tells it (Linux): its sessions end with each run,
// so the difference over a run is the server's work for it. false when
// the server is not running or /proc is not there.
func (l *looper) cacheCPU() (time.Duration, bool) {
	c, err := pgcluster.Open(testrun.CacheDir(l.tree))
	if err != nil {
		return 0, false
	}
	pid := c.PID()
	if pid <= 0 {
		return 0, false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	return childrenCPU(string(b))
}

// childrenCPU reads cutime and cstime (fields 16 and 17, in clock ticks of
// 1/100 s on Linux) from the text of a /proc/<pid>/stat: the CPU time of
// the process's children that ended.
func childrenCPU(stat string) (time.Duration, bool) {
	// the command name (field 2) is in parentheses and may hold spaces
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(stat[i+1:]) // from field 3 on
	if len(fields) < 15 {
		return 0, false
	}
	var ticks int64
	for _, f := range fields[13:15] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, true
}

// dropTemplates empties the copy's template cache: the next thick test
// builds its template.
func (l *looper) dropTemplates(ctx context.Context) error {
	srv, err := testrun.StartCache(ctx, l.tree)
	if err != nil {
		return err
	}
	names, err := testrun.CachedTemplates(ctx, srv)
	if err != nil {
		return err
	}
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(context.WithoutCancel(ctx))
	for _, n := range names {
		if _, err := admin.Exec(ctx, "drop database "+pgx.Identifier{n}.Sanitize()+" with (force)"); err != nil {
			return err
		}
	}
	return nil
}

var closingLine = regexp.MustCompile(`(?m)^\d+ passed, \d+ failed`)

// ranSuites is the closing line of a run whose suites ran (a failed build
// closes with 0 passed).
var ranSuites = regexp.MustCompile(`(?m)^[1-9]\d* passed, \d+ failed`)

// failures keeps the lines of a runner's output that say what failed.
func failures(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "FAILED") || strings.HasPrefix(t, "not ok") || strings.HasPrefix(t, "#") ||
			strings.Contains(t, "ERROR") || ranSuites.MatchString(t) {
			keep = append(keep, "    "+t)
		}
	}
	return strings.Join(keep, "\n")
}

// saveToGreen runs thick watch --test on the copy and, Runs times each,
// saves a function of an application that has suites and one of its
// suites, timing each save until the suites' closing line. It waits for the
// watch to be idle between saves.
func (l *looper) saveToGreen(ctx context.Context) (fn, suite series, err error) {
	fnFile, suiteFile, err := pickSaves(l.tree)
	if err != nil {
		return fn, suite, err
	}
	fmt.Fprintf(l.log, "bench: loop: save-to-green: saving %s and %s\n", fnFile, suiteFile)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	cmd := exec.CommandContext(wctx, l.o.Thick, "watch", "--test", "--db", l.c.URL("loop_watch"), "--root", l.tree)
	cmd.Dir = l.tree
	cmd.Env = l.env
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 10 * time.Second
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var mu sync.Mutex
	var out strings.Builder
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			mu.Unlock()
		}
	}()
	if err := cmd.Start(); err != nil {
		return fn, suite, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
		pw.Close()
	}()
	count := func(re *regexp.Regexp, s string) int {
		mu.Lock()
		defer mu.Unlock()
		if re != nil {
			return len(re.FindAllStringIndex(out.String(), -1))
		}
		return strings.Count(out.String(), s)
	}
	wait := func(re *regexp.Regexp, s string, n int, limit time.Duration) error {
		deadline := time.Now().Add(limit)
		for count(re, s) < n {
			if time.Now().After(deadline) {
				mu.Lock()
				defer mu.Unlock()
				return fmt.Errorf("waited %s for the watch; its output:\n%s", limit, lastLines(out.String(), 20))
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			time.Sleep(5 * time.Millisecond)
		}
		return nil
	}
	const idle = "watching for changes"
	if err := wait(nil, idle, 1, 5*time.Minute); err != nil {
		return fn, suite, err
	}
	reloaded := 0 // function saves whose template was reloaded in place
	save := func(rel string, i int, s *series) error {
		greens, idles := count(closingLine, ""), count(nil, idle)
		mu.Lock()
		from := out.Len()
		mu.Unlock()
		path := filepath.Join(l.tree, filepath.FromSlash(rel))
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		t0 := time.Now()
		if err := os.WriteFile(path, append(b, fmt.Sprintf("-- saved by the bench, %d\n", i)...), 0o644); err != nil {
			return err
		}
		if err := wait(closingLine, "", greens+1, 2*time.Minute); err != nil {
			s.add(0, err)
			return err
		}
		d := time.Since(t0)
		s.add(d, nil)
		fmt.Fprintf(l.log, "bench: loop: save-to-green sample %d: %s saved, green after %s\n", i+1, rel, d.Round(time.Millisecond))
		mu.Lock()
		if s == &fn && strings.Contains(out.String()[from:], "code reloaded in place") {
			reloaded++
		}
		mu.Unlock()
		return wait(nil, idle, idles+1, 5*time.Minute)
	}
	for i := range l.o.Runs {
		if err := save(fnFile, i, &fn); err != nil {
			return fn, suite, err
		}
		if err := save(suiteFile, i, &suite); err != nil {
			return fn, suite, err
		}
	}
	fn.note = fmt.Sprintf("%s; template reloaded in place in %d of %d saves", fnFile, reloaded, len(fn.ds))
	suite.note = suiteFile
	return fn, suite, nil
}

// pickSaves chooses what save-to-green saves: the first function file of an
// application (not core) that has suites, and that application's first
// suite; the CRM's when it exists.
func pickSaves(tree string) (fn, suite string, err error) {
	apps, _ := os.ReadDir(filepath.Join(tree, "3_functions"))
	names := []string{}
	for _, a := range apps {
		if a.IsDir() && a.Name() != "core" {
			names = append(names, a.Name())
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		switch {
		case a == "crm":
			return -1
		case b == "crm":
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, app := range names {
		fns, _ := filepath.Glob(filepath.Join(tree, "3_functions", app, "*.sql"))
		suites, _ := filepath.Glob(filepath.Join(tree, testrun.TestsDir, app, "*.sql"))
		if len(fns) > 0 && len(suites) > 0 {
			slices.Sort(fns)
			slices.Sort(suites)
			rf, _ := filepath.Rel(tree, fns[0])
			rs, _ := filepath.Rel(tree, suites[0])
			return filepath.ToSlash(rf), filepath.ToSlash(rs), nil
		}
	}
	return "", "", errors.New("no application with functions and suites to save")
}

// copyTree copies the regular files under src to dst (missing src: nothing).
func copyTree(src, dst string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == src {
				return fs.SkipAll
			}
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	return err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
