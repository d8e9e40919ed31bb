// Package benchrun is the generic API benchmark runner of `thick bench`: it
// runs every scripts/bench_<app>/ folder with pgbench, so that an
// application adds scripts, not Go code.
//
//	scripts/bench_<app>/
//	  setup.sql       plain SQL, run once in one transaction as the superuser, with
//	                  bench.scale set; makes the data and fills bench_<app>.params
//	  <name>.sql      one pgbench script (first line: "-- what it measures");
//	                  the runner passes -D rows=<count(*) of bench_<app>.params>
//	  <name>.ref.sql  optional reference for <name>.sql: both TPS and the ratio
//	  teardown.sql    run once after the scripts
//
// A script whose first lines hold "-- bench: once" runs with one client for a
// few transactions and is reported as its mean latency. The runner reports;
// it asserts nothing on time.
package benchrun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/project"
)

// ScriptsDir holds the bench_<app> folders.
const ScriptsDir = "scripts"

// Options configure a run; zero values take Defaults' (but Scale, where 0
// is a scale: start from Defaults()).
type Options struct {
	Scale    int           // bench.scale for setup.sql (0: the seed's own data, for setups that generate scale x N rows)
	Clients  int           // pgbench -c and -j
	Duration time.Duration // pgbench -T, per script
	Once     int           // transactions of a "-- bench: once" script
	Pgbench  string        // the pgbench binary ("" for pgbench on PATH)
	Log      io.Writer     // progress (nil: none)
	// LoginRole is the role PostgREST logs in as ("": authenticator): its
	// role settings (alter role ... set) hold for every request PostgREST
	// serves, so pgbench's sessions get them too (PGOPTIONS). The scripts
	// run as the superuser, who has none of them.
	LoginRole string
}

// Defaults reads THICK_BENCH_SCALE, THICK_BENCH_CLIENTS and
// THICK_BENCH_SECONDS (defaults 1, 4 and 10); once scripts run 3 times.
func Defaults() Options {
	o := Options{Scale: 1, Clients: 4, Duration: 10 * time.Second, Once: 3, Pgbench: "pgbench"}
	if n, err := strconv.Atoi(os.Getenv("THICK_BENCH_SCALE")); err == nil && n >= 0 {
		o.Scale = n
	}
	if n, err := strconv.Atoi(os.Getenv("THICK_BENCH_CLIENTS")); err == nil && n > 0 {
		o.Clients = n
	}
	if n, err := strconv.Atoi(os.Getenv("THICK_BENCH_SECONDS")); err == nil && n > 0 {
		o.Duration = time.Duration(n) * time.Second
	}
	return o
}

func (o Options) complete() Options {
	d := Defaults()
	if o.Scale < 0 {
		o.Scale = d.Scale
	}
	if o.Clients <= 0 {
		o.Clients = d.Clients
	}
	if o.Duration <= 0 {
		o.Duration = d.Duration
	}
	if o.Once <= 0 {
		o.Once = d.Once
	}
	if o.Pgbench == "" {
		o.Pgbench = d.Pgbench
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.LoginRole == "" {
		o.LoginRole = "authenticator"
	}
	return o
}

// Suite is one scripts/bench_<app>/ folder.
type Suite struct {
	App     string   // "crm"
	Dir     string   // its path
	Scripts []Script // in lexical order
}

// Script is one measured pgbench script and its optional reference.
type Script struct {
	Name string // "account_summary"
	Path string
	Ref  string // path of <name>.ref.sql, or ""
	What string // the first line's sentence
	Once bool   // "-- bench: once"
}

// Result is one script's measurement.
type Result struct {
	App    string
	Script Script
	TPS    float64 // transactions per second (not for once scripts)
	RefTPS float64
	// Latency is the mean latency of a once script (and RefLatency its
	// reference's).
	Latency, RefLatency time.Duration
	Err                 error
}

// Ratio is how the script compares with its reference: TPS over the
// reference's TPS, or for a once script the reference's latency over the
// script's (above 1 the script is the faster either way); 0 without one.
func (r Result) Ratio() float64 {
	switch {
	case r.Script.Once && r.Latency > 0 && r.RefLatency > 0:
		return r.RefLatency.Seconds() / r.Latency.Seconds()
	case !r.Script.Once && r.TPS > 0 && r.RefTPS > 0:
		return r.TPS / r.RefTPS
	}
	return 0
}

var appName = regexp.MustCompile(`^bench_([a-z][a-z0-9_]*)$`)

// Discover lists the scripts/bench_<app>/ folders under root that hold a
// setup.sql, in lexical order.
func Discover(root string) ([]Suite, error) {
	entries, err := os.ReadDir(filepath.Join(root, ScriptsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var suites []Suite
	for _, e := range entries {
		m := appName.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		s, err := Load(filepath.Join(root, ScriptsDir, e.Name()))
		if err != nil {
			return nil, err
		}
		suites = append(suites, s)
	}
	return suites, nil
}

// Load reads one bench_<app> folder.
func Load(dir string) (Suite, error) {
	base := filepath.Base(dir)
	m := appName.FindStringSubmatch(base)
	if m == nil {
		return Suite{}, fmt.Errorf("%s: a benchmark folder is named bench_<app>", dir)
	}
	s := Suite{App: m[1], Dir: dir}
	if _, err := os.Stat(filepath.Join(dir, "setup.sql")); err != nil {
		return s, fmt.Errorf("%s: no setup.sql (it fills bench_%s.params)", dir, s.App)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		return s, err
	}
	sort.Strings(names)
	for _, p := range names {
		name := strings.TrimSuffix(filepath.Base(p), ".sql")
		if name == "setup" || name == "teardown" || strings.HasSuffix(name, ".ref") {
			continue
		}
		sc := Script{Name: name, Path: p}
		if _, err := os.Stat(filepath.Join(dir, name+".ref.sql")); err == nil {
			sc.Ref = filepath.Join(dir, name+".ref.sql")
		}
		sc.What, sc.Once, err = header(p)
		if err != nil {
			return s, err
		}
		s.Scripts = append(s.Scripts, sc)
	}
	for _, p := range names {
		if name := strings.TrimSuffix(filepath.Base(p), ".sql"); strings.HasSuffix(name, ".ref") {
			if _, err := os.Stat(filepath.Join(dir, strings.TrimSuffix(name, ".ref")+".sql")); err != nil {
				return s, fmt.Errorf("%s: a reference without its script", p)
			}
		}
	}
	return s, nil
}

// header reads a script's first comment lines: the first one's sentence,
// and whether one of them says "-- bench: once".
func header(path string) (what string, once bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "--") {
			break
		}
		text := strings.TrimSpace(strings.TrimPrefix(line, "--"))
		if text == "bench: once" {
			once = true
		} else if what == "" {
			what = text
		}
	}
	return what, once, sc.Err()
}

// Extra runs after a suite's scripts and before its teardown, on the same
// data (the CRM's three-tier comparison): rows is the count of
// bench_<app>.params and results the suite's measurements.
type Extra func(ctx context.Context, dbURL string, rows int, results []Result, out io.Writer) error

// Run runs a suite on the database at dbURL (built with its seed): setup,
// every script and its reference, extra when not nil, then teardown (also
// after a failure). A script that fails is reported in its Result and the
// others still run; a failing setup or teardown is the returned error.
func Run(ctx context.Context, dbURL string, s Suite, o Options, extra Extra, out io.Writer) (results []Result, err error) {
	o = o.complete()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("bench_%s: connect: %w", s.App, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(o.Log, "bench: %s: setup (scale %d)\n", s.App, o.Scale)
	t0 := time.Now()
	if err := runFile(ctx, conn, filepath.Join(s.Dir, "setup.sql"), o.Scale); err != nil {
		return nil, fmt.Errorf("bench_%s: %w", s.App, err)
	}
	setupTook := time.Since(t0)
	defer func() {
		td := filepath.Join(s.Dir, "teardown.sql")
		if _, serr := os.Stat(td); serr != nil {
			return
		}
		if terr := runFile(context.WithoutCancel(ctx), conn, td, o.Scale); terr != nil && err == nil {
			err = fmt.Errorf("bench_%s: %w", s.App, terr)
		}
	}()
	var rows int
	params := pgx.Identifier{"bench_" + s.App, "params"}.Sanitize()
	if err := conn.QueryRow(ctx, "select count(*) from "+params).Scan(&rows); err != nil {
		return nil, fmt.Errorf("bench_%s: setup.sql must fill %s: %w", s.App, params, err)
	}
	if rows == 0 {
		return nil, fmt.Errorf("bench_%s: setup.sql left %s empty: nothing to draw requests from", s.App, params)
	}
	pgOptions, err := loginSettings(ctx, conn, o.LoginRole)
	if err != nil {
		return nil, fmt.Errorf("bench_%s: the settings of %s: %w", s.App, o.LoginRole, err)
	}
	fmt.Fprintf(out, "%s API: setup %s, %d request targets in %s; %d clients, %s per script\n",
		s.App, setupTook.Round(time.Millisecond), rows, params, o.Clients, o.Duration)
	for _, sc := range s.Scripts {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		fmt.Fprintf(o.Log, "bench: %s: %s\n", s.App, sc.Name)
		r := Result{App: s.App, Script: sc}
		r.TPS, r.Latency, r.Err = pgbench(ctx, o, dbURL, sc.Path, sc.Once, rows, pgOptions)
		if r.Err == nil && sc.Ref != "" {
			r.RefTPS, r.RefLatency, r.Err = pgbench(ctx, o, dbURL, sc.Ref, sc.Once, rows, pgOptions)
			if r.Err != nil {
				r.Err = fmt.Errorf("reference: %w", r.Err)
			}
		}
		results = append(results, r)
	}
	Print(out, results)
	if extra != nil {
		if err := extra(ctx, dbURL, rows, results, out); err != nil {
			return results, fmt.Errorf("bench_%s: %w", s.App, err)
		}
	}
	return results, nil
}

// runFile runs a setup or teardown file in one transaction with
// bench.scale set, its error mapped to the file's line.
func runFile(ctx context.Context, conn *pgx.Conn, path string, scale int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "select pg_catalog.set_config('bench.scale', $1, false)", strconv.Itoa(scale)); err != nil {
		return err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	src := string(b)
	if completed, err := build.ExecScript(ctx, conn.PgConn(), src); err != nil {
		rel := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
		var se *build.SQLError
		if mapped := build.MapErrorAt(&project.Project{}, rel, src, err, completed); errors.As(mapped, &se) {
			return errors.New(strings.TrimRight(se.Format(false), "\n"))
		}
		return fmt.Errorf("%s: %w", rel, err)
	}
	return tx.Commit(ctx)
}

var (
	tpsLine     = regexp.MustCompile(`(?m)^tps = ([0-9.]+) \(without initial connection time\)`)
	latencyLine = regexp.MustCompile(`(?m)^latency average = ([0-9.]+) ms`)
	abortLine   = regexp.MustCompile(`(?m)^pgbench: error: (client \d+ .*aborted.*)$`)
)

// loginSettings returns the role settings of role (for every database and
// for this one) as PGOPTIONS words, "-c name=value" each, a space or a
// backslash in a value escaped; "" when the role has none or does not exist.
func loginSettings(ctx context.Context, conn *pgx.Conn, role string) (string, error) {
	var settings []string
	err := conn.QueryRow(ctx, `
select coalesce(pg_catalog.array_agg(setting order by d.setdatabase, n), '{}')
from pg_catalog.pg_db_role_setting as d
cross join lateral unnest(d.setconfig) with ordinality as s (setting, n)
where d.setrole = (select r.oid from pg_catalog.pg_roles as r where r.rolname = $1)
  and d.setdatabase in (0, (select db.oid from pg_catalog.pg_database as db where db.datname = current_database()))`, role).Scan(&settings)
	if err != nil {
		return "", err
	}
	words := make([]string, 0, len(settings))
	for _, setting := range settings {
		escaped := strings.NewReplacer(`\`, `\\`, " ", `\ `).Replace(setting)
		words = append(words, "-c "+escaped)
	}
	return strings.Join(words, " "), nil
}

// pgbench runs one script: for -T seconds on o.Clients clients, or, once,
// o.Once transactions on one client, with pgOptions (PGOPTIONS words) added
// to the environment's. It returns the TPS and the mean latency.
func pgbench(ctx context.Context, o Options, dbURL, script string, once bool, rows int, pgOptions string) (float64, time.Duration, error) {
	args := []string{"-n", "-D", "rows=" + strconv.Itoa(rows), "-f", script}
	if once {
		args = append(args, "-c", "1", "-j", "1", "-t", strconv.Itoa(o.Once))
	} else {
		args = append(args, "-c", strconv.Itoa(o.Clients), "-j", strconv.Itoa(o.Clients),
			"-T", strconv.Itoa(max(1, int(o.Duration.Round(time.Second)/time.Second))))
	}
	cmd := exec.CommandContext(ctx, o.Pgbench, append(args, dbURL)...)
	if pgOptions != "" {
		cmd.Env = append(os.Environ(), "PGOPTIONS="+strings.TrimSpace(os.Getenv("PGOPTIONS")+" "+pgOptions))
	}
	output, err := cmd.CombinedOutput()
	var tps float64
	var lat time.Duration
	if m := tpsLine.FindSubmatch(output); m != nil {
		tps, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	if m := latencyLine.FindSubmatch(output); m != nil {
		ms, _ := strconv.ParseFloat(string(m[1]), 64)
		lat = time.Duration(ms * float64(time.Millisecond))
	}
	if err != nil {
		msg := lastLines(string(output), 3)
		if m := abortLine.FindSubmatch(output); m != nil {
			msg = string(m[1]) // the SQL error that stopped a client
		}
		return 0, 0, fmt.Errorf("pgbench %s: %v: %s", filepath.Base(script), err, msg)
	}
	if tps == 0 || lat == 0 {
		return 0, 0, fmt.Errorf("pgbench %s: no tps or latency in its output: %s", filepath.Base(script), lastLines(string(output), 3))
	}
	return tps, lat, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// Print writes the results as a table: TPS (or mean latency), the
// reference's, the ratio, and what the script measures.
func Print(w io.Writer, results []Result) {
	if len(results) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "script\tthick\treference\tratio\twhat it measures\t")
	for _, r := range results {
		name := r.App + "/" + r.Script.Name
		if r.Err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t-\terror: %s\t\n", name, firstLine(r.Err.Error()))
			continue
		}
		val, ref, ratio := fmt.Sprintf("%.1f TPS", r.TPS), "-", "-"
		if r.Script.Once {
			val = fmt.Sprintf("%s mean", fmtLatency(r.Latency))
		}
		if r.Script.Ref != "" {
			ref = fmt.Sprintf("%.1f TPS", r.RefTPS)
			if r.Script.Once {
				ref = fmt.Sprintf("%s mean", fmtLatency(r.RefLatency))
			}
			ratio = fmt.Sprintf("%.2fx", r.Ratio())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", name, val, ref, ratio, r.Script.What)
	}
	_ = tw.Flush()
}

func fmtLatency(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
