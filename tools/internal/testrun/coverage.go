package testrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/coverage"
	"thick/tools/internal/pgcluster"
)

// startCoverageServer starts the local temporary cluster with plpgsql_check
// preloaded and its profiler on, so that every session's statements count.
func startCoverageServer(ctx context.Context, pg string) (Server, error) {
	if pg != "" && pg != "local" {
		return nil, errors.New("--coverage runs on the local temporary cluster (plpgsql_check preloaded); drop --pg")
	}
	if !pgcluster.HasLibrary("plpgsql_check") {
		return nil, errors.New("--coverage needs plpgsql_check; run `make deps` (scripts/install-deps.sh installs postgresql-15-plpgsql-check)")
	}
	preload := append(slices.Clone(pgcluster.DefaultPreload()), coverage.Preload)
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Preload: preload, Settings: maps.Clone(coverage.Settings)})
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	return localServer{c}, nil
}

// collect adds the profile of database db (a commit file's own, before it is
// dropped, or one the files shared) to the run's.
func (e *Env) collect(ctx context.Context, db string) {
	if e.profile == nil || ctx.Err() != nil {
		return
	}
	e.profileMu.Lock()
	defer e.profileMu.Unlock()
	conn, err := pgx.Connect(ctx, e.srv.URL(db))
	if err == nil {
		err = e.profile.Collect(ctx, conn)
		_ = conn.Close(context.WithoutCancel(ctx))
	}
	if err != nil && e.covErr == nil {
		e.covErr = fmt.Errorf("coverage of %s: %w", db, err)
	}
}

// reportCoverage reads the shared databases, maps the profile to the
// project's files and prints it (and writes the HTML report when asked).
func (e *Env) reportCoverage(ctx context.Context, w io.Writer, o Options) error {
	e.mu.Lock()
	shared := slices.Clone(e.shared)
	e.mu.Unlock()
	for _, db := range shared {
		e.collect(ctx, db)
	}
	if e.covErr != nil {
		return e.covErr
	}
	res := e.profile.Map(e.project)
	if o.CoverageHTML != "" {
		if err := coverage.WriteHTML(o.CoverageHTML, res, e.project); err != nil {
			return err
		}
		fmt.Fprintf(w, "coverage report: %s\n", filepath.Join(o.CoverageHTML, "index.html"))
	}
	coverage.Print(w, res, o.Color) // ends with the summary line
	return nil
}
