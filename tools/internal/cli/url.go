package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"

	"thick/tools/internal/pgcluster"
)

// URL is `thick url [--root DIR] [--user NAME] [--socket]`: it prints the
// connection URL of the embedded development database (started on demand),
// for PostgREST, psql or a GUI client. With --db or DATABASE_URL it prints
// that URL as given.
func URL(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("url", stderr)
	var c common
	c.register(fs)
	user := fs.String("user", "", "connect as this role instead of postgres (e.g. authenticator, for PostgREST)")
	socket := fs.Bool("socket", false, "the Unix socket URL instead of TCP on 127.0.0.1")
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
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "url", err)
	}
	tgt, err := resolveTarget(ctx, c, root, io.Discard)
	if err != nil {
		return fail(stderr, "url", err)
	}
	if !tgt.embedded {
		fmt.Fprintln(stdout, tgt.connString)
		return 0
	}
	cl, err := pgcluster.Open(pgcluster.ProjectDir(root))
	if err != nil {
		return fail(stderr, "url", err)
	}
	s := cl.TCPURL(pgcluster.DevDatabase)
	if *socket {
		s = cl.URL(pgcluster.DevDatabase)
	}
	if *user != "" {
		u, err := url.Parse(s)
		if err != nil {
			return fail(stderr, "url", err)
		}
		u.User = url.User(*user)
		s = u.String()
	}
	fmt.Fprintln(stdout, s)
	return 0
}
