package cli

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
	"thick/tools/internal/testrun"
)

// folders are the top-level folders the watch follows: the build folders,
// and tests/ when it runs the suites.
func (w *watcher) folders() []string {
	if w.runTests {
		return append(slices.Clone(project.Folders), testrun.TestsDir)
	}
	return project.Folders
}

// sedTemp is the name of sed -i's temporary file (sedXXXXXX).
var sedTemp = regexp.MustCompile(`^sed[A-Za-z0-9]{6}$`)

// ignored reports an editor's or a tool's temporary file: a name starting
// with a dot (.file.sql.swp, .#file.sql), ending in ~, .swp, .swx or .tmp,
// vim's write test 4913, or sed -i's sedXXXXXX.
func ignored(rel string) bool {
	base := path.Base(rel)
	switch {
	case strings.HasPrefix(base, "."), strings.HasPrefix(base, "#"),
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".tmp"),
		base == "4913", sedTemp.MatchString(base):
		return true
	}
	return false
}

// touchesBuild reports whether the development database must be rebuilt
// for changed (nil: the first cycle).
func touchesBuild(changed []string) bool {
	if changed == nil {
		return true
	}
	for _, f := range changed {
		top, _, _ := strings.Cut(f, "/")
		if slices.Contains(project.Folders, top) {
			return true
		}
	}
	return false
}

// connect makes sure w.conn answers. When the embedded cluster was stopped
// under the watch (thick stop in another terminal, a reboot of the
// machine's services), it starts it again and reconnects.
func (w *watcher) connect(ctx context.Context) error {
	if w.conn != nil && !w.conn.IsClosed() {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := w.conn.Ping(pctx)
		cancel()
		if err == nil {
			return nil
		}
		w.conn.Close(context.WithoutCancel(ctx))
		w.conn = nil
	}
	conn, err := build.Connect(ctx, w.target.connString)
	if err != nil && w.target.embedded && ctx.Err() == nil {
		cl, serr := pgcluster.Project(ctx, w.root, logger(w.stderr))
		if serr != nil {
			return fmt.Errorf("restart the embedded cluster: %w", serr)
		}
		w.target.connString = cl.URL(pgcluster.DevDatabase)
		w.target.desc = fmt.Sprintf("%s (embedded, port %d)", pgcluster.DevDatabase, cl.Port)
		conn, err = build.Connect(ctx, w.target.connString)
	}
	if err != nil {
		return fmt.Errorf("connect to %s: %w", w.target.desc, err)
	}
	w.conn = conn
	return nil
}
