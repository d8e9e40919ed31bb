package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"thick/tools/internal/pgcluster"
)

// URL is `thick url [--root DIR] [--tcp]`: it prints the connection URL of
// the embedded development database (started on demand), for
// `psql "$(thick url)"` and any other client; --tcp gives the TCP form
// (127.0.0.1 and the port) for clients that do not speak Unix sockets.
func URL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("url", stderr)
	root := fs.String("root", "", "project root (default: found from the working directory)")
	tcp := fs.Bool("tcp", false, "the TCP URL (127.0.0.1:port) instead of the Unix socket's")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 0 {
		return usageError(stderr, "url", fmt.Sprintf("unexpected arguments %q", pos))
	}
	dir, err := findRoot(*root)
	if err != nil {
		return fail(stderr, "url", err)
	}
	cl, err := pgcluster.Project(ctx, dir, logger(stderr))
	if err != nil {
		return fail(stderr, "url", fmt.Errorf("embedded cluster: %w", err))
	}
	if *tcp {
		fmt.Fprintln(stdout, cl.TCPURL(pgcluster.DevDatabase))
	} else {
		fmt.Fprintln(stdout, cl.URL(pgcluster.DevDatabase))
	}
	return 0
}
