// Package deploy changes a database that holds data to match the files: the
// pending migrations of migrations/ for the data schemas, every code object
// dropped and created again (package codeobj), then a comparison with a
// fresh build of the same files (package catalog), all in one transaction
// that commits only when nothing differs. Verify is the comparison alone.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
)

// BuildFolders are what a deploy and a reference build run: everything but
// the seed.
var BuildFolders = []string{"0_tables", "1_junctions", "2_views", "3_functions", "4_triggers", "5_matviews", "6_security", "7_schedule"}

// Reference builds p's files (without 8_seed) into a throwaway database and
// returns its catalog. major is the PostgreSQL major version (150000 / 10000
// = 15) the reference must run.
type Reference func(ctx context.Context, p *project.Project, major int) (*catalog.Catalog, error)

// LocalReference starts a throwaway cluster from the machine's binaries
// (pg_cron preloaded for the throwaway database when installed, so that
// schedules are compared too), builds p into it, reads its catalog and
// stops it.
func LocalReference(logger *slog.Logger) Reference {
	return func(ctx context.Context, p *project.Project, major int) (*catalog.Catalog, error) {
		const db = "thick_verify"
		c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Database: db, CronDatabase: db, Logger: logger})
		if err != nil {
			return nil, fmt.Errorf("reference build: start a throwaway cluster: %w", err)
		}
		defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
		return BuildReference(ctx, c.URL(db), p, major)
	}
}

// BuildReference builds p (without 8_seed) into the empty database at url
// and returns its catalog, after checking that the server's major version
// is major (0: any).
func BuildReference(ctx context.Context, url string, p *project.Project, major int) (*catalog.Catalog, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("reference build: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if major != 0 {
		got, err := serverMajor(ctx, conn)
		if err != nil {
			return nil, err
		}
		if got != major {
			return nil, fmt.Errorf("reference build: the throwaway server runs PostgreSQL %d, the database %d; "+
				"a comparison across major versions would report the differences of their catalogs, not drift", got, major)
		}
	}
	if _, err := build.Rebuild(ctx, conn, p, build.Options{Folders: BuildFolders, Record: true}); err != nil {
		return nil, fmt.Errorf("reference build: %w", err)
	}
	return catalog.Read(ctx, conn)
}

func serverMajor(ctx context.Context, db catalog.DBTX) (int, error) {
	var v int
	if err := db.QueryRow(ctx, `select pg_catalog.current_setting('server_version_num')::int`).Scan(&v); err != nil {
		return 0, fmt.Errorf("server version: %w", err)
	}
	return v / 10000, nil
}

// Compare reads the live catalog through db and diffs it against ref,
// leaving out what the seed (8_seed) created in a development database.
func Compare(ctx context.Context, db catalog.DBTX, ref *catalog.Catalog, opts catalog.DiffOptions) ([]catalog.Difference, error) {
	got, err := catalog.Read(ctx, db)
	if err != nil {
		return nil, err
	}
	for k, o := range got.Objects {
		if len(o.Files) > 0 && strings.HasPrefix(o.Files[0], "8_seed/") {
			if _, inRef := ref.Objects[k]; !inRef {
				delete(got.Objects, k)
			}
		}
	}
	return catalog.Diff(ref, got, opts), nil
}

// Verify compares the database conn is connected to with a fresh build of p.
func Verify(ctx context.Context, conn *pgx.Conn, p *project.Project, ref Reference, opts catalog.DiffOptions) ([]catalog.Difference, error) {
	major, err := serverMajor(ctx, conn)
	if err != nil {
		return nil, err
	}
	want, err := ref(ctx, p, major)
	if err != nil {
		return nil, err
	}
	return Compare(ctx, conn, want, opts)
}

// Options configure Deploy.
type Options struct {
	// Reference builds the comparison (default LocalReference).
	Reference Reference
	// Migrations are the migrations of the release (LoadMigrations).
	Migrations []Migration
	// DryRun does everything, verification included, then rolls back.
	DryRun bool
	// Diff tunes the verification.
	Diff catalog.DiffOptions
	// Log receives what the deploy does, step by step (nil: quiet).
	Log io.Writer
	// LockTimeout gives up, rolled back, when a lock on an object (a table
	// whose policies or triggers are dropped, say) is not granted within
	// this time, naming who holds it: while the deploy waits, the
	// application's queries on that table queue behind it. 0 waits as long
	// as it takes. The wait for the build's advisory lock (another deploy
	// or rebuild) is not bounded.
	LockTimeout time.Duration
}

// Result describes a deploy.
type Result struct {
	// Fresh is true when the database was empty and built from the files.
	Fresh bool
	// Applied are the migrations run; Recorded those recorded as contained
	// by a fresh database.
	Applied, Recorded []string
	Dropped           codeobj.Dropped
	Files             int
	// Diffs is the drift found by the verification (the deploy was rolled
	// back when it is not empty).
	Diffs []catalog.Difference
	// Committed is false for a dry run and for a rolled back deploy.
	Committed bool
	// LockHeld is how long the transaction held its locks (from the
	// advisory lock to commit or rollback).
	LockHeld time.Duration
	Duration time.Duration
}

// DriftError is returned when the deployed database would differ from a
// fresh build: the deploy was rolled back.
type DriftError struct{ Diffs []catalog.Difference }

func (e *DriftError) Error() string {
	return fmt.Sprintf("the deployed database would differ from a fresh build of the files in %d %s; rolled back",
		len(e.Diffs), plural.S(len(e.Diffs), "object"))
}

// RefusedError says why a database cannot be deployed to.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "refusing to deploy: " + e.Reason }

// lockKey is build's: deploys, rebuilds and reloads of one database are
// serialised.
const lockKey int64 = 0x746869636b626c64

// Deploy deploys p to the database conn is connected to, in one
// transaction. It returns a *DriftError (with the result) when the
// verification finds a difference, a *RefusedError, an *EditedError, a
// *build.SQLError for an error in a file or migration (its Blocker set when
// it gave up waiting for a lock), a *build.LockError, or another error;
// the database is unchanged after any error.
func Deploy(ctx context.Context, conn *pgx.Conn, p *project.Project, opts Options) (res *Result, err error) {
	t0 := time.Now()
	if err := p.Preflight(); err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	ref := opts.Reference
	if ref == nil {
		ref = LocalReference(nil)
	}
	major, err := serverMajor(ctx, conn)
	if err != nil {
		return nil, err
	}
	// The reference is built first, so that the transaction holds its locks
	// only for the deploy's own work and the comparison.
	logf("building the reference: a fresh build of the files")
	want, err := ref(ctx, p, major)
	if err != nil {
		return nil, err
	}

	r := &Result{}
	res = r
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	var locked time.Time
	defer func() {
		if !r.Committed {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}
		if !locked.IsZero() {
			r.LockHeld = time.Since(locked)
		}
		r.Duration = time.Since(t0)
	}()
	if _, err := tx.Exec(ctx, "select pg_catalog.pg_advisory_xact_lock($1)", lockKey); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	locked = time.Now()
	finish, err := build.GuardLocks(ctx, conn, tx, "deploy", opts.LockTimeout, opts.Log)
	if err != nil {
		return nil, err
	}
	defer func() { err = finish(err) }()
	m, err := marker.Read(ctx, tx)
	if err != nil {
		return nil, err
	}
	if m == nil {
		contents, err := marker.Contents(ctx, tx)
		if err != nil {
			return nil, err
		}
		if len(contents) > 0 {
			return nil, &RefusedError{Reason: fmt.Sprintf("the database holds schemas (%s) but no thick marker: thick did not build it, so it does not know which objects are code", strings.Join(contents, ", "))}
		}
		res.Fresh = true
	}
	done, err := applied(ctx, tx)
	if err != nil {
		return nil, err
	}
	var files []*project.File
	for _, f := range p.Files {
		if slices.Contains(BuildFolders, f.Folder) && (res.Fresh || codeobj.IsCode(f.Path)) {
			files = append(files, f)
		}
	}
	if res.Fresh {
		logf("empty database: building 0_tables..7_schedule from the files")
		if err := marker.Set(ctx, tx, marker.Production); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "set local search_path = ''"); err != nil {
			return nil, err
		}
		if err := marker.StartRecording(ctx, tx, true); err != nil {
			return nil, err
		}
		if _, err := build.RunFiles(ctx, tx, p, files, true); err != nil {
			return nil, err
		}
		for _, mg := range opts.Migrations {
			if _, err := tx.Exec(ctx, `insert into thick.migrations (name, sha256, applied) values ($1, $2, false)`, mg.Name, mg.Sum()); err != nil {
				return nil, fmt.Errorf("record migration %s: %w", mg.Name, err)
			}
			res.Recorded = append(res.Recorded, mg.Name)
		}
		if len(res.Recorded) > 0 {
			logf("recorded %d migrations as contained: %s", len(res.Recorded), strings.Join(res.Recorded, ", "))
		}
	} else {
		todo, err := pending(opts.Migrations, done)
		if err != nil {
			return nil, err
		}
		built, ok, err := marker.BuiltFiles(ctx, tx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &RefusedError{Reason: codeobj.ErrNoMap.Error()}
		}
		// A data file changed since the database was last built or deployed
		// says the live database must change too: only a migration does that
		// (the verification compares catalogs, not a rule table's rows).
		if changed := changedDataFiles(p, built); len(changed) > 0 {
			if len(todo) == 0 {
				return nil, &RefusedError{Reason: fmt.Sprintf("data files changed since this database was last built or deployed, with no pending migration: %s. "+
					"Write the migration that takes a live database there (thick migration new NAME; an empty one when the change touches nothing a live database holds; comments and layout are no change)",
					strings.Join(changed, ", "))}
			}
			logf("data files changed since the last deploy: %s (the pending migrations must take the database there)", strings.Join(changed, ", "))
		}
		var old []string
		for path := range built {
			if codeobj.IsCode(path) {
				old = append(old, path)
			}
		}
		slices.Sort(old)
		if res.Dropped, err = codeobj.Drop(ctx, tx, old); err != nil {
			return nil, err
		}
		if res.Dropped.Privileges, err = codeobj.RestoreData(ctx, tx); err != nil {
			return nil, err
		}
		logf("dropped the code of the previous build: %d objects, %d privileges, %d comments, %d schedules",
			res.Dropped.Objects, res.Dropped.Privileges, res.Dropped.Comments, res.Dropped.Jobs)
		if _, err := tx.Exec(ctx, "set local search_path = ''"); err != nil {
			return nil, err
		}
		for _, mg := range todo {
			completed, err := build.ExecScript(ctx, tx.Conn().PgConn(), mg.Content)
			if err != nil {
				return nil, build.MapErrorAt(p, mg.Path, mg.Content, err, completed)
			}
			if _, err := tx.Exec(ctx, `insert into thick.migrations (name, sha256, applied) values ($1, $2, true)`, mg.Name, mg.Sum()); err != nil {
				return nil, fmt.Errorf("record migration %s: %w", mg.Name, err)
			}
			res.Applied = append(res.Applied, mg.Name)
			logf("applied %s", mg.Path)
		}
		if len(todo) == 0 {
			logf("no pending migration")
		}
		// The data files are now those of this release.
		var sums []marker.FileSum
		for _, f := range p.Files {
			if f.Folder == "0_tables" || f.Folder == "1_junctions" {
				sums = append(sums, marker.FileSum{Path: f.Path, Folder: f.Folder, SHA256: marker.FileChecksum(f.Path, f.Content)})
			}
		}
		var gone []string
		for path, f := range built {
			if (f.Folder == "0_tables" || f.Folder == "1_junctions") && p.File(path) == nil {
				gone = append(gone, path)
			}
		}
		if err := marker.ForgetFiles(ctx, tx, gone); err != nil {
			return nil, err
		}
		if err := marker.RecordFiles(ctx, tx, sums); err != nil {
			return nil, err
		}
		if _, err := codeobj.Run(ctx, tx, p, files); err != nil {
			return nil, err
		}
	}
	res.Files = len(files)
	logf("ran %d files", len(files))
	if err := marker.Record(ctx, tx, p.Schemas()); err != nil {
		return nil, err
	}

	logf("verifying against the fresh build")
	res.Diffs, err = Compare(ctx, tx, want, opts.Diff)
	if err != nil {
		return nil, err
	}
	if len(res.Diffs) > 0 {
		return res, &DriftError{Diffs: res.Diffs}
	}
	if opts.DryRun {
		logf("dry run: no drift; rolled back")
		return res, nil
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	r.Committed = true
	return res, nil
}

// changedDataFiles lists the files of 0_tables and 1_junctions whose
// statements differ from those recorded by the database's last build or
// deploy (built; marker.SameFile: comments and layout are no change), new
// ones and removed ones included, sorted.
func changedDataFiles(p *project.Project, built map[string]marker.FileSum) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range p.Files {
		if f.Folder != "0_tables" && f.Folder != "1_junctions" {
			continue
		}
		seen[f.Path] = true
		if b, ok := built[f.Path]; !ok || !marker.SameFile(b.SHA256, f.Path, f.Content) {
			out = append(out, f.Path)
		}
	}
	for path, b := range built {
		if (b.Folder == "0_tables" || b.Folder == "1_junctions") && !seen[path] {
			out = append(out, path+" (removed)")
		}
	}
	slices.Sort(out)
	return out
}

// IsDrift reports whether err is a *DriftError.
func IsDrift(err error) bool {
	var d *DriftError
	return errors.As(err, &d)
}
