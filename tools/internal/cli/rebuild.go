package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"thick/tools/internal/build"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
)

// Rebuild is `thick rebuild [--db URL] [--root DIR] [--force-unmarked]
// [--no-seed] [--full]`: when only code files changed since the last build,
// the code is reloaded in place (rows kept); --full always rebuilds from
// scratch.
func Rebuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("rebuild", stderr)
	var c common
	c.register(fs)
	force := fs.Bool("force-unmarked", false, "rebuild a non-empty database that carries no thick marker, marking it development (never a production one)")
	full := fs.Bool("full", false, "rebuild from scratch even when only code files (2_views..7_schedule) changed")
	noSeed := fs.Bool("no-seed", false, "build without "+build.SeedFolder+" (schema and code only, no demo data)")
	lockTimeout := fs.Duration("lock-timeout", 0, "give up (rolled back) when a lock is not granted within this time, e.g. 5s (default: wait, saying who holds it)")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 {
		return usageError(stderr, "rebuild", fmt.Sprintf("unexpected arguments %q", pos))
	}
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "rebuild", err)
	}
	p, err := loadProject(root)
	if err != nil {
		return fail(stderr, "rebuild", err)
	}
	// Refuse what cannot run before even starting a server.
	if err := p.Preflight(); err != nil {
		return reportBuildError(ctx, stderr, "rebuild", err, colorOn(stderr))
	}
	tgt, err := resolveTarget(ctx, c, root, stderr)
	if err != nil {
		return fail(stderr, "rebuild", err)
	}
	conn, err := build.Connect(ctx, tgt.connString)
	if err != nil {
		return fail(stderr, "rebuild", fmt.Errorf("connect to %s: %w", tgt.desc, err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "rebuild %s\n", tgt.desc)
	if err := rebuildOrReload(ctx, conn, p, *full, build.Options{
		ForceUnmarked: *force,
		NoSeed:        *noSeed,
		Stdout:        stdout,
		Color:         colorOn(stdout),
		Log:           stderr,
		LockTimeout:   *lockTimeout,
	}); err != nil {
		return reportBuildError(ctx, stderr, "rebuild", err, colorOn(stderr))
	}
	return 0
}

// loadProject loads the project at root and refuses one without SQL files.
func loadProject(root string) (*project.Project, error) {
	p, err := project.Load(root)
	if err != nil {
		return nil, err
	}
	if len(p.Files) == 0 {
		return nil, fmt.Errorf("no .sql files under %s/{%s}", root, "0_tables,...,8_seed")
	}
	return p, nil
}

// reportBuildError prints a failed build of the command cmd (rebuild,
// verify-migrations) the way a compiler would and returns the exit code.
func reportBuildError(ctx context.Context, w io.Writer, cmd string, err error, useColor bool) int {
	var se *build.SQLError
	var pe *project.PreflightError
	var le *build.LockError
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(w, "thick %s: interrupted; rolled back, the database is unchanged\n", cmd)
		return 130
	case errors.As(err, &se):
		fmt.Fprint(w, se.Format(useColor))
		fmt.Fprintf(w, "thick %s: failed; rolled back, the database is unchanged\n", cmd)
	case errors.As(err, &pe):
		for _, pr := range pe.Problems {
			fmt.Fprintln(w, pr.String())
		}
		fmt.Fprintf(w, "thick %s: %d %s that cannot run in one transaction; nothing was run\n", cmd, len(pe.Problems), plural.S(len(pe.Problems), "statement"))
	case errors.As(err, &le):
		fmt.Fprintf(w, "thick %s: %v\n", cmd, err)
		fmt.Fprintf(w, "thick %s: gave up waiting for the lock (--lock-timeout); rolled back, the database is unchanged\n", cmd)
	case build.IsRefused(err):
		fmt.Fprintf(w, "thick %s: %v\n", cmd, err)
	default:
		fmt.Fprintf(w, "thick %s: %v\n", cmd, err)
	}
	return 1
}
