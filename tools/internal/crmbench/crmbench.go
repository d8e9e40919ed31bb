// Package crmbench benchmarks the Forex CRM's API the way PostgREST calls it:
// pgbench runs the scripts of scripts/bench_crm (open and close a position,
// record a deposit, read an account summary) on data scaled by
// seed.generate_crm, and reports their TPS. For the account summary it also
// runs the three-tier way in the same run: a Go client fetches the ledger
// rows, the open positions, the mark prices and the exchange rates and
// computes the summary itself; it checks that both answers are equal and
// reports the TPS ratio. It reports timings; it asserts none.
package crmbench

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
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options configure a run. Zero values take the defaults of DefaultOptions.
type Options struct {
	Scale      int           // seed.generate_crm(scale) is run when the database holds fewer accounts than scale x 200
	Clients    int           // concurrent clients (pgbench -c and -j, Go goroutines)
	Duration   time.Duration // per measurement
	ScriptsDir string        // the pgbench scripts ("" to look for scripts/bench_crm upwards from the working directory)
	Pgbench    string        // the pgbench binary ("" for pgbench on PATH)
	Verify     int           // accounts whose summary is computed both ways and compared
}

// DefaultOptions reads THICK_CRM_BENCH_SCALE, THICK_CRM_BENCH_CLIENTS and
// THICK_CRM_BENCH_SECONDS (defaults 1, 4 and 10).
func DefaultOptions() Options {
	o := Options{Scale: 1, Clients: 4, Duration: 10 * time.Second, Verify: 200}
	if n, err := strconv.Atoi(os.Getenv("THICK_CRM_BENCH_SCALE")); err == nil && n > 0 {
		o.Scale = n
	}
	if n, err := strconv.Atoi(os.Getenv("THICK_CRM_BENCH_CLIENTS")); err == nil && n > 0 {
		o.Clients = n
	}
	if n, err := strconv.Atoi(os.Getenv("THICK_CRM_BENCH_SECONDS")); err == nil && n > 0 {
		o.Duration = time.Duration(n) * time.Second
	}
	return o
}

// Run benchmarks the CRM API on the database at dbURL with DefaultOptions and
// writes the report to out.
func Run(ctx context.Context, dbURL string, out io.Writer) error {
	return RunWithOptions(ctx, dbURL, out, DefaultOptions())
}

// Result is one measured line of the report.
type Result struct {
	Name      string
	TPS       float64
	Latencies []StatementLatency // pgbench -r, per statement of the script
	Note      string
}

// StatementLatency is pgbench's average latency of one statement of a script.
type StatementLatency struct {
	Millis    float64
	Statement string
}

// RunWithOptions is Run with explicit options.
func RunWithOptions(ctx context.Context, dbURL string, out io.Writer, o Options) error {
	def := DefaultOptions()
	if o.Scale <= 0 {
		o.Scale = def.Scale
	}
	if o.Clients <= 0 {
		o.Clients = def.Clients
	}
	if o.Duration <= 0 {
		o.Duration = def.Duration
	}
	if o.Verify <= 0 {
		o.Verify = def.Verify
	}
	if o.Pgbench == "" {
		o.Pgbench = "pgbench"
	}
	if o.ScriptsDir == "" {
		dir, err := findScripts()
		if err != nil {
			return err
		}
		o.ScriptsDir = dir
	}

	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())

	fmt.Fprintf(out, "CRM API benchmark: %d clients, %s per measurement\n", o.Clients, o.Duration)
	generated, took, err := ensureData(ctx, conn, o.Scale)
	if err != nil {
		return err
	}
	if generated > 0 {
		fmt.Fprintf(out, "seed.generate_crm(%d): %d accounts with history in %s\n", o.Scale, generated, took.Round(time.Millisecond))
	}
	if err := markPrices(ctx, conn); err != nil {
		return err
	}
	n, err := prepareAccounts(ctx, conn)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = conn.Exec(context.Background(), `drop schema if exists crmbench cascade`)
	}()
	stats, err := dataStats(ctx, conn)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "data: %s; %d accounts in the draw\n\n", stats, n)

	var results []Result
	for _, s := range []struct{ name, file string }{
		{"open_position + close_position (pair)", "open_close_position.sql"},
		{"record_deposit", "record_deposit.sql"},
		{"account_summary (in the database)", "account_summary.sql"},
	} {
		r, err := runPgbench(ctx, o, dbURL, filepath.Join(o.ScriptsDir, s.file), n)
		r.Name = s.name
		if err != nil {
			r.Note = err.Error()
		}
		results = append(results, r)
	}

	// the three-tier way, same data, same concurrency
	threeTier, err := runThreeTier(ctx, dbURL, o, n)
	if err != nil {
		return fmt.Errorf("three-tier account summary: %w", err)
	}
	results = append(results, Result{Name: "account_summary (three-tier, Go computes)", TPS: threeTier,
		Note: "5 queries per summary: ownership, ledger rows, open positions, mark prices, rates"})

	checked, mismatches, err := verify(ctx, conn, o.Verify)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measurement\tTPS\tnote")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%.1f\t%s\n", r.Name, r.TPS, r.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	inDB := results[2].TPS
	if threeTier > 0 && inDB > 0 {
		fmt.Fprintf(out, "\naccount_summary: in the database %.2fx the three-tier TPS\n", inDB/threeTier)
	}
	fmt.Fprintf(out, "answers compared on %d accounts: %d differ\n", checked, len(mismatches))
	for _, m := range mismatches {
		fmt.Fprintf(out, "  %s\n", m)
	}
	fmt.Fprintln(out, "\nper-statement latencies (pgbench -r, ms):")
	for _, r := range results {
		for _, l := range r.Latencies {
			fmt.Fprintf(out, "  %-40s %8.3f  %s\n", r.Name, l.Millis, l.Statement)
		}
	}
	if len(mismatches) > 0 {
		return fmt.Errorf("account summaries differ on %d of %d accounts", len(mismatches), checked)
	}
	return nil
}

// findScripts looks for scripts/bench_crm in the working directory and its parents.
func findScripts() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "scripts", "bench_crm")
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("scripts/bench_crm not found from the working directory upwards")
		}
		dir = parent
	}
}

var (
	tpsLine     = regexp.MustCompile(`(?m)^tps = ([0-9.]+) \(without initial connection time\)`)
	latencyLine = regexp.MustCompile(`^\s+([0-9.]+)\s+([0-9]+\s+)?(\S.*)$`)
)

// runPgbench runs one script and parses its TPS and per-statement latencies.
func runPgbench(ctx context.Context, o Options, dbURL, script string, n int) (Result, error) {
	args := []string{"-n", "-r",
		"-c", strconv.Itoa(o.Clients), "-j", strconv.Itoa(o.Clients),
		"-T", strconv.Itoa(int(o.Duration.Round(time.Second) / time.Second)),
		"-D", "naccounts=" + strconv.Itoa(n),
		"-f", script, dbURL}
	cmd := exec.CommandContext(ctx, o.Pgbench, args...)
	output, err := cmd.CombinedOutput()
	r := Result{}
	if m := tpsLine.FindSubmatch(output); m != nil {
		r.TPS, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	inLatencies := false
	sc := bufio.NewScanner(strings.NewReader(string(output)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "statement latencies in milliseconds") {
			inLatencies = true
			continue
		}
		if !inLatencies {
			continue
		}
		m := latencyLine.FindStringSubmatch(line)
		if m == nil {
			inLatencies = false
			continue
		}
		ms, _ := strconv.ParseFloat(m[1], 64)
		stmt := m[3]
		if strings.HasPrefix(stmt, "\\set") || strings.HasPrefix(stmt, "begin") || strings.HasPrefix(stmt, "commit") {
			continue
		}
		if len(stmt) > 70 {
			stmt = stmt[:70] + "..."
		}
		r.Latencies = append(r.Latencies, StatementLatency{Millis: ms, Statement: stmt})
	}
	if err != nil {
		return r, fmt.Errorf("pgbench %s: %v: %s", filepath.Base(script), err, lastLines(string(output), 3))
	}
	if r.TPS == 0 {
		return r, fmt.Errorf("pgbench %s: no tps in output: %s", filepath.Base(script), lastLines(string(output), 3))
	}
	return r, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
