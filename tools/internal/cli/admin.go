package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/testrun"
)

// Stop is `thick stop [--root DIR]`: it stops the embedded cluster.
func Stop(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("stop", stderr)
	root := fs.String("root", "", "project root (default: found from the working directory)")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 {
		return usageError(stderr, "stop", fmt.Sprintf("unexpected arguments %q", pos))
	}
	dir, err := findRoot(*root)
	if err != nil {
		return fail(stderr, "stop", err)
	}
	// the test cache server too, quietly when there is none
	if tc, err := pgcluster.Open(testrun.CacheDir(dir)); err == nil && tc.Running(ctx) {
		if err := tc.Stop(ctx); err != nil {
			return fail(stderr, "stop", err)
		}
		fmt.Fprintf(stdout, "stopped the test cache server under %s\n", tc.Dir)
	}
	cl, err := pgcluster.Open(pgcluster.ProjectDir(dir))
	if err != nil {
		fmt.Fprintf(stdout, "no embedded cluster under %s\n", pgcluster.ProjectDir(dir))
		return 0
	}
	if !cl.Running(ctx) {
		fmt.Fprintf(stdout, "embedded cluster under %s is not running\n", cl.Dir)
		return 0
	}
	if err := cl.Stop(ctx); err != nil {
		return fail(stderr, "stop", err)
	}
	fmt.Fprintf(stdout, "stopped the embedded cluster under %s\n", cl.Dir)
	return 0
}

// Mark is `thick mark development|production [--db URL] [--root DIR]
// [--force]`. Turning a production database into a development one (which
// thick rebuild may then drop) needs --force.
func Mark(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("mark", stderr)
	var c common
	c.register(fs)
	force := fs.Bool("force", false, "mark a production database development (thick rebuild may then drop its schemas)")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) != 1 || (pos[0] != marker.Development && pos[0] != marker.Production) {
		return usageError(stderr, "mark", "usage: thick mark development|production [--db URL] [--force]")
	}
	kind := pos[0]
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "mark", err)
	}
	tgt, err := resolveTarget(ctx, c, root, stderr)
	if err != nil {
		return fail(stderr, "mark", err)
	}
	conn, err := pgx.Connect(ctx, tgt.connString)
	if err != nil {
		return fail(stderr, "mark", fmt.Errorf("connect to %s: %w", tgt.desc, err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	was, err := marker.Check(ctx, conn)
	if err != nil {
		return fail(stderr, "mark", err)
	}
	if was == marker.Production && kind == marker.Development && !*force {
		return fail(stderr, "mark", fmt.Errorf("%s is marked production; marked development, thick rebuild would drop its schemas. "+
			"Nothing changed; pass --force if that is what you mean", tgt.desc))
	}
	if err := marker.Set(ctx, conn, kind); err != nil {
		return fail(stderr, "mark", err)
	}
	switch was {
	case "":
		fmt.Fprintf(stdout, "marked %s as %s\n", tgt.desc, kind)
	case kind:
		fmt.Fprintf(stdout, "%s was already marked %s\n", tgt.desc, kind)
	default:
		fmt.Fprintf(stdout, "marked %s as %s (was %s)\n", tgt.desc, kind, was)
	}
	return 0
}
