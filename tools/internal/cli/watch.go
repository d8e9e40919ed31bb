package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/fsnotify/fsnotify"
	"github.com/jackc/pgx/v5"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/build"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// TestCommand runs `thick test` for `thick watch --test`, keeping the test
// database and its sessions from one run to the next.
var TestCommand = testrun.CommandKept

// debounce is how long the files must stay quiet before a rebuild: long
// enough for one save (an editor's write and rename come within a
// millisecond or two; 20 ms leaves ten times that), and every millisecond
// of it is in the loop's save-to-green (it was 50 ms).
// A burst that outlasts it (a checkout of many files) starts a rebuild that
// the next change supersedes: the run is cancelled and starts again with
// every changed file.
const debounce = 20 * time.Millisecond

// apps are the subfolders whose changes only concern tests/<app>/.
var apps = []string{"crm", "hr", "med"}

// Watch is `thick watch [--db URL] [--root DIR] [--force-unmarked] [--test]
// [-- thick test flags]`: it rebuilds every time a .sql file of the build
// folders changes and, with --test, runs the affected suites after a
// successful rebuild. Ctrl-C ends it with exit code 0.
func Watch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlags("watch", stderr)
	var c common
	c.register(fset)
	force := fset.Bool("force-unmarked", false, "rebuild a non-empty database that carries no thick marker, marking it development")
	full := fset.Bool("full", false, "rebuild from scratch on every change, even when only code files changed")
	runTests := fset.Bool("test", false, "run the affected test suites after each successful rebuild (flags after -- go to thick test)")
	pos, err := parse(fset, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 && !*runTests {
		return usageError(stderr, "watch", fmt.Sprintf("unexpected arguments %q (thick test flags need --test)", pos))
	}
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "watch", err)
	}
	tgt, err := resolveTarget(ctx, c, root, stderr)
	if err != nil {
		return fail(stderr, "watch", err)
	}
	w := &watcher{
		root: root, target: tgt, force: *force, full: *full,
		runTests: *runTests, testArgs: pos,
		stdout: stdout, stderr: stderr,
		color: colorOn(stdout), clear: isTerminal(stdout),
	}
	if err := w.run(ctx); err != nil {
		return fail(stderr, "watch", err)
	}
	return 0
}

type watcher struct {
	root     string
	target   target
	force    bool
	full     bool
	runTests bool
	testArgs []string
	stdout   io.Writer
	stderr   io.Writer
	color    bool
	clear    bool

	parent context.Context // the command's context (Ctrl-C)
	conn   *pgx.Conn       // used by one cycle at a time
	fsw    *fsnotify.Watcher
	kept   *testrun.Kept // the suites' database and sessions between cycles
}

func (w *watcher) run(ctx context.Context) error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	w.fsw, w.parent, w.kept = fsw, ctx, testrun.NewKept()
	defer fsw.Close()
	// the suites' database goes back as the spare for the next thick test
	defer w.kept.Release(context.WithoutCancel(ctx))
	defer func() {
		if w.conn != nil {
			w.conn.Close(context.WithoutCancel(ctx))
		}
	}()
	// The root itself, to see build folders appear; then every build folder.
	if err := fsw.Add(w.root); err != nil {
		return fmt.Errorf("watch %s: %w", w.root, err)
	}
	for _, f := range w.folders() {
		w.addTree(filepath.Join(w.root, f))
	}

	// One cycle at a time, in the background, so that a save during a long
	// rebuild cancels it (rolled back) and starts over.
	var cancelCycle context.CancelFunc
	var running chan struct{}
	var lastFiles []string
	start := func(files []string) {
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		cancelCycle, running, lastFiles = cancel, done, files
		go func() {
			defer close(done)
			defer cancel()
			w.cycle(cctx, files)
		}()
	}
	// supersede cancels the running cycle, waits for it, and returns the
	// files it was about, when it had not finished.
	supersede := func() []string {
		if running == nil {
			return nil
		}
		var unfinished []string
		select {
		case <-running:
		default:
			unfinished = lastFiles
			cancelCycle()
			<-running
		}
		running = nil
		return unfinished
	}
	defer supersede()

	start(nil)
	changed := map[string]bool{}
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			supersede()
			fmt.Fprintln(w.stdout)
			return nil
		case err, ok := <-fsw.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(w.stderr, "thick watch: %v\n", err)
		case ev, ok := <-fsw.Events:
			if !ok {
				return nil
			}
			rel, inBuild := w.relevant(ev)
			if !inBuild || ignored(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
				}
			}
			changed[rel] = true
			if timer == nil {
				timer = time.NewTimer(debounce)
			} else {
				timer.Reset(debounce)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			for _, f := range supersede() {
				changed[f] = true
			}
			files := make([]string, 0, len(changed))
			for f := range changed {
				files = append(files, f)
			}
			sort.Strings(files)
			clear(changed)
			start(files)
		}
	}
}

// relevant returns the event's path relative to the root and whether it
// concerns the build: a .sql file or a directory inside a build folder, or a
// build folder itself.
func (w *watcher) relevant(ev fsnotify.Event) (string, bool) {
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(w.folders(), top) {
		return "", false
	}
	if strings.HasSuffix(rel, ".sql") || rel == top {
		return rel, true
	}
	// A directory created, removed or renamed: it may hold .sql files.
	if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
		return rel, true
	}
	return rel, ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
}

// addTree watches dir and every directory below it.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if err := w.fsw.Add(path); err != nil {
				fmt.Fprintf(w.stderr, "thick watch: %v\n", err)
			}
		}
		return nil
	})
}

// cycle rebuilds once (and runs the tests when asked), in one screen.
func (w *watcher) cycle(ctx context.Context, changed []string) {
	if w.clear {
		fmt.Fprint(w.stdout, "\x1b[H\x1b[2J")
	} else {
		fmt.Fprintln(w.stdout)
	}
	head := color.New(color.Faint)
	if w.color {
		head.EnableColor()
	} else {
		head.DisableColor()
	}
	why := "start"
	if len(changed) > 0 {
		why = strings.Join(changed, ", ")
		if len(changed) > 3 {
			why = strings.Join(changed[:3], ", ") + fmt.Sprintf(" and %d more", len(changed)-3)
		}
	}
	fmt.Fprintln(w.stdout, head.Sprintf("thick watch · %s · %s · %s", time.Now().Format("15:04:05"), w.target.desc, why))

	if w.runTests {
		// One build before green: thick test builds the template on its
		// cache server only when a file that goes into it changed (a save
		// under tests/ builds nothing), and runs the suites the change
		// concerns. The development database follows after the closing
		// line, and only when a build folder changed.
		TestCommand(ctx, w.testArgsFor(changed), w.stdout, w.stderr, w.kept)
		if ctx.Err() == nil && touchesBuild(changed) {
			fmt.Fprintln(w.stdout)
			w.rebuildQuietly(ctx)
		}
	} else {
		w.rebuild(ctx)
	}
	if ctx.Err() == nil {
		fmt.Fprintln(w.stdout, head.Sprint("watching for changes (Ctrl-C to stop)"))
	}
}

func (w *watcher) rebuild(ctx context.Context) bool { return w.rebuildWith(ctx, false) }

// rebuildQuietly rebuilds the development database after the suites: an
// error in a file was shown in full by the template's build already, so it
// gets one line here.
func (w *watcher) rebuildQuietly(ctx context.Context) bool { return w.rebuildWith(ctx, true) }

func (w *watcher) rebuildWith(ctx context.Context, quiet bool) bool {
	p, err := loadProject(w.root)
	if err != nil {
		fmt.Fprintf(w.stderr, "thick watch: %v\n", err)
		return false
	}
	if err := w.connect(ctx); err != nil {
		fmt.Fprintf(w.stderr, "thick watch: %v\n", err)
		return false
	}
	err = rebuildOrReload(ctx, w.conn, p, w.full, build.Options{ForceUnmarked: w.force, Stdout: w.stdout, Color: w.color, Log: w.stderr})
	if err == nil {
		return true
	}
	var se *build.SQLError
	var pe *project.PreflightError
	if !errors.As(err, &se) && !errors.As(err, &pe) && !build.IsRefused(err) {
		// The connection may be broken: start afresh next time.
		w.conn.Close(context.WithoutCancel(ctx))
		w.conn = nil
	}
	if ctx.Err() != nil && w.parent.Err() == nil {
		return false // superseded by a newer change: rolled back, say nothing
	}
	if quiet && (errors.As(err, &se) || errors.As(err, &pe)) {
		fmt.Fprintf(w.stderr, "thick watch: %s not rebuilt (the error above); it is as before\n", w.target.desc)
		return false
	}
	reportBuildError(ctx, w.stderr, "rebuild", err, w.color)
	return false
}

// testArgsFor passes the user's thick test flags, the root, and --run for
// the suites the changes concern: a file under tests/ alone; for a change
// in an application's subfolders, that application's suites and core's.
// A change in core, at the top of a folder or in tests/setup runs every
// suite.
func (w *watcher) testArgsFor(changed []string) []string {
	args := append([]string{"--root", w.root}, w.testArgs...)
	if slices.ContainsFunc(w.testArgs, func(a string) bool {
		return strings.TrimLeft(a, "-") == "run" || strings.HasPrefix(strings.TrimLeft(a, "-"), "run=")
	}) {
		return args
	}
	if len(changed) == 0 {
		return args
	}
	appSet := map[string]bool{}
	fileSet := map[string]bool{}
	for _, f := range changed {
		parts := strings.Split(f, "/")
		if parts[0] == testrun.TestsDir {
			if strings.HasPrefix(f, testrun.SetupDir+"/") || f == testrun.SetupDir || !strings.HasSuffix(f, ".sql") {
				return args // the setup (or a folder of suites) changed
			}
			fileSet[f] = true
			continue
		}
		if len(parts) < 3 || !slices.Contains(apps, parts[1]) {
			return args // a core or top-level change can affect every suite
		}
		appSet[parts[1]] = true
	}
	var alts []string
	if len(appSet) > 0 {
		names := []string{"core"}
		for a := range appSet {
			names = append(names, regexp.QuoteMeta(a))
		}
		sort.Strings(names)
		alts = append(alts, "tests/("+strings.Join(names, "|")+")/")
	}
	var files []string
	for f := range fileSet {
		files = append(files, regexp.QuoteMeta(f)+"$")
	}
	sort.Strings(files)
	alts = append(alts, files...)
	if len(alts) == 1 {
		return append(args, "--run", "^"+alts[0])
	}
	return append(args, "--run", "^("+strings.Join(alts, "|")+")")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
