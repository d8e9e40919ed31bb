package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"text/tabwriter"
	"time"

	"thick/tools/internal/mutate"
)

// mutateTarget is the target for the whole CRM on a 2-core machine.
const mutateTarget = 3 * time.Minute

// runMutate times `thick mutate` on each application of the project at root
// (core alone, then each application with core's suites) and prints a table:
// the run's time, the mutants and the share killed, against the reference
// of the naive way, one full rebuild and one run of the judging suites per
// mutant (estimated from the run's own rebuild and unmutated suites, since
// running it would take hours). It asserts nothing.
func runMutate(ctx context.Context, root string, jobs int, out, log io.Writer) error {
	var apps []string
	for _, app := range []string{"core", "crm", "med", "hr"} {
		if _, err := os.Stat(filepath.Join(root, "tests", app)); err == nil {
			apps = append(apps, app)
		}
	}
	if len(apps) == 0 {
		return fmt.Errorf("no suites under %s", filepath.Join(root, "tests"))
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "thick mutate\tmutants\tkilled\tthick\treference (estimated)\tratio\ttarget\tmet\t")
	for _, app := range apps {
		fmt.Fprintf(log, "bench: thick mutate --run %s/\n", app)
		o := mutate.Options{
			Root:      root,
			PG:        "local",
			Jobs:      jobs,
			Run:       regexp.MustCompile(`^[2-7]_[a-z]+/` + regexp.QuoteMeta(app) + `/`),
			Operators: map[mutate.Operator]bool{},
			Threshold: 0,
		}
		for _, op := range mutate.Operators {
			o.Operators[op] = true
		}
		start := time.Now()
		rep, err := mutate.Main(ctx, o, io.Discard, log)
		took := time.Since(start)
		if err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\terror: %s\n", app, firstLine(err.Error()))
			continue
		}
		k, n := rep.Counted()
		ref := time.Duration(n) * (rep.Rebuild + rep.Baseline)
		target, met := "-", "-"
		if app == "crm" {
			target, met = "< "+fmtD(mutateTarget), "no"
			if took < mutateTarget {
				met = "yes"
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d (%.1f %%)\t%s\t%s (%d x %s)\t%.0fx\t%s\t%s\t\n", app, n, k, rep.Percent(), fmtD(took),
			fmtD(ref), n, fmtD(rep.Rebuild+rep.Baseline), ref.Seconds()/max(took.Seconds(), 1e-9), target, met)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nthick mutate -j %d, %d CPUs; each application's mutants judged by its suites and core's; the reference is one rebuild and one run of those suites per mutant\n", jobs, runtime.NumCPU())
	return nil
}
