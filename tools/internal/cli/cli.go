// Package cli implements thick's development commands: rebuild, watch,
// psql, stop and mark. Each takes its arguments and output writers and
// returns the process exit code, so that main stays thin and the commands
// are testable with buffers.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// common holds the flags every database command takes.
type common struct {
	db   string
	root string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", "", "database URL (default: $DATABASE_URL, else the embedded cluster under .thick/)")
	fs.StringVar(&c.root, "root", "", "project root (default: the nearest directory up from here holding 0_tables or go.mod)")
}

// newFlags returns a flag set that reports errors on stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("thick "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args allowing flags after positional arguments
// (`thick mark production --db URL`) and returns the positionals.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// findRoot returns dir or the nearest ancestor of the working directory
// holding a build folder or go.mod.
func findRoot(dir string) (string, error) { return project.FindRoot(dir) }

// target is the database a command works on.
type target struct {
	connString string
	// desc names it for humans: "thick_dev (embedded, /p/.thick)".
	desc     string
	embedded bool
}

// resolveTarget picks the database: --db, else $DATABASE_URL (both completed
// by the PG* variables through pgx.ParseConfig), else the embedded cluster
// of the project at root, started on demand.
func resolveTarget(ctx context.Context, c common, root string, stderr io.Writer) (target, error) {
	url, from := c.db, "--db"
	if url == "" {
		url, from = os.Getenv("DATABASE_URL"), "DATABASE_URL"
	}
	if url != "" {
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return target{}, fmt.Errorf("%s: %w", from, err)
		}
		return target{connString: url, desc: fmt.Sprintf("%s on %s:%d", cfg.Database, cfg.Host, cfg.Port)}, nil
	}
	cl, err := pgcluster.Project(ctx, root, logger(stderr))
	if err != nil {
		return target{}, fmt.Errorf("embedded cluster: %w", err)
	}
	return target{
		connString: cl.URL(pgcluster.DevDatabase),
		desc:       fmt.Sprintf("%s (embedded, port %d)", pgcluster.DevDatabase, cl.Port),
		embedded:   true,
	}, nil
}

// logger prints progress messages (cluster started, ...) on w, without
// timestamps.
func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey) {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// colorOn: colour only on a terminal, never with NO_COLOR set.
func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// fail prints "thick <cmd>: err" and returns 1 (2 for usage errors).
func fail(stderr io.Writer, cmd string, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "thick %s: %s\n", cmd, strings.TrimSpace(err.Error()))
	return 1
}

func usageError(stderr io.Writer, cmd, msg string) int {
	fmt.Fprintf(stderr, "thick %s: %s\n", cmd, msg)
	return 2
}
