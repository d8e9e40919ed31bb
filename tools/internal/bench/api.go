package bench

import (
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/benchrun"
	"thick/tools/internal/build"
	"thick/tools/internal/crmbench"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// extras are the applications' own measurements beyond their scripts, run
// by the generic runner on the same data before the teardown.
var extras = map[string]func() benchrun.Extra{
	"crm": func() benchrun.Extra { return crmbench.ThreeTier(crmbench.Options{}) },
}

// runAPI runs every scripts/bench_<app>/ folder of the project at root
// (those whose app matches only, when only is not nil) with the generic
// runner on a throwaway cluster holding a fresh build with its seed: each
// folder on a database of its own, so that one application's writes do not
// weigh on another's.
func runAPI(ctx context.Context, root string, only *regexp.Regexp, out, log io.Writer) error {
	suites, err := benchrun.Discover(root)
	if err != nil {
		return err
	}
	var chosen []benchrun.Suite
	for _, s := range suites {
		if only == nil || only.MatchString(s.App) {
			chosen = append(chosen, s)
		}
	}
	if len(chosen) == 0 {
		fmt.Fprintf(log, "bench: no %s/bench_<app>/ folder to run\n", benchrun.ScriptsDir)
		return nil
	}
	p, err := project.Load(root)
	if err != nil {
		return err
	}
	fmt.Fprintln(log, "bench: api: starting a temporary local cluster")
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	const template = "bench_api_template"
	if err := c.CreateDatabase(ctx, template); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, c.URL(template))
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	fmt.Fprintln(log, "bench: api: rebuilding the project")
	_, err = build.Rebuild(ctx, conn, p, build.Options{Stdout: io.Discard})
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	o := benchrun.Defaults()
	o.Log = log
	var firstErr error
	for i, s := range chosen {
		if i > 0 {
			fmt.Fprintln(out)
		}
		db := "bench_api_" + s.App
		admin, err := pgx.Connect(ctx, c.URL("postgres"))
		if err != nil {
			return err
		}
		_, err = admin.Exec(ctx, fmt.Sprintf("create database %s template %s", pgx.Identifier{db}.Sanitize(), pgx.Identifier{template}.Sanitize()))
		admin.Close(context.WithoutCancel(ctx))
		if err != nil {
			return fmt.Errorf("create %s: %w", db, err)
		}
		var extra benchrun.Extra
		if mk, ok := extras[s.App]; ok {
			extra = mk()
		}
		if _, err := benchrun.Run(ctx, c.URL(db), s, o, extra, out); err != nil {
			fmt.Fprintf(log, "bench: %v\n", err)
			if firstErr == nil {
				firstErr = err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return firstErr
}
