// Package build rebuilds the thick database: it drops the project's schemas
// and runs the numbered folders' files, one simple-protocol multi-statement
// query per file, on one connection inside one transaction. Any error rolls
// everything back and is mapped to the file, line and column it came from.
package build

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/marker"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
)

// Options configure Rebuild.
type Options struct {
	// ForceUnmarked rebuilds a non-empty database that carries no marker,
	// marking it development. A production database is refused regardless.
	ForceUnmarked bool
	// Folders limits the build to these folders (nil for all). The project's
	// schemas are dropped all the same.
	Folders []string
	// Stdout receives one line per folder and a total on success (nil: quiet).
	Stdout io.Writer
	// Color colours Stdout's lines.
	Color bool
	// NoSeed leaves out SeedFolder (`thick rebuild --no-seed`).
	NoSeed bool
	// Log receives what the build has to say while it runs: who holds a
	// lock it waits on, the notices and warnings the files raise (nil:
	// neither is watched).
	Log io.Writer
	// LockTimeout gives up (rolled back) when a lock is not granted in
	// time; 0 waits as long as it takes.
	LockTimeout time.Duration
	// Record keeps the object map with the marker: which file created,
	// granted, commented or scheduled which object (see marker.StartRecording).
	// It needs a superuser (an event trigger) and is what an in-place reload
	// and a deploy rely on.
	Record bool
}

// SeedFolder holds the demo data, the folder --no-seed leaves out.
const SeedFolder = "8_seed"

// FolderResult is one folder's share of a build.
type FolderResult struct {
	Folder   string
	Files    int
	Duration time.Duration
}

// Result describes a successful build.
type Result struct {
	// Folders that had files, in build order.
	Folders []FolderResult
	// Files is the number of files run.
	Files int
	// Dropped are the schemas dropped before the build.
	Dropped []string
	// Schemas are the schemas the build created (recorded in the marker).
	Schemas []string
	// Duration is the whole build, from begin to commit.
	Duration time.Duration
	// Slow are the files that took longer than SlowFile, slowest first.
	Slow []FileTime
}

// FileTime is one file's share of a build.
type FileTime struct {
	Path     string
	Duration time.Duration
}

// SlowFile is the time above which a file is named after the folder table.
const SlowFile = 100 * time.Millisecond

// lockKey serialises concurrent rebuilds of one database
// (pg_advisory_xact_lock; the bytes of "thickbld").
const lockKey int64 = 0x746869636b626c64

// Rebuild drops the project's schemas and runs its files in one transaction
// on conn, then records the build in the marker. Files are checked with
// Preflight before the database is touched. On failure the transaction is
// rolled back and the error is a *project.PreflightError, a
// *marker.RefusedError, a *SQLError (for an error in a file) or a plain
// wrapped error.
func Rebuild(ctx context.Context, conn *pgx.Conn, p *project.Project, opts Options) (res *Result, err error) {
	if err := p.Preflight(); err != nil {
		return nil, err
	}
	schemas := p.Schemas()
	if slices.Contains(schemas, marker.Schema) {
		return nil, fmt.Errorf("schema %q is thick's own (it holds the safety marker); the project must not create it", marker.Schema)
	}
	t0 := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}
	}()
	finish, err := GuardLocks(ctx, conn, tx, "rebuild", opts.LockTimeout, opts.Log)
	if err != nil {
		return nil, err
	}
	defer func() { err = finish(err) }()
	if _, err := tx.Exec(ctx, "select pg_catalog.pg_advisory_xact_lock($1)", lockKey); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	m, err := marker.Guard(ctx, tx, opts.ForceUnmarked)
	if err != nil {
		return nil, err
	}
	dropped, err := dropSchemas(ctx, tx, union(schemas, m.Schemas))
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "set local search_path = ''"); err != nil {
		return nil, fmt.Errorf("set search_path: %w", err)
	}
	res = &Result{Dropped: dropped, Schemas: schemas}
	sink := attachNotices(conn, p, opts.Log)
	defer sink.done(conn, opts.Log, opts.Color)
	var files []*project.File
	for _, f := range p.Files {
		if (opts.Folders == nil || slices.Contains(opts.Folders, f.Folder)) && !(opts.NoSeed && f.Folder == SeedFolder) {
			files = append(files, f)
		}
	}
	if opts.Record {
		if err := marker.StartRecording(ctx, tx, true); err != nil {
			return nil, err
		}
	}
	if res.Folders, res.Slow, err = runFiles(ctx, tx, p, files, opts.Record, sink); err != nil {
		return nil, err
	}
	for _, f := range res.Folders {
		res.Files += f.Files
	}
	if err := marker.Record(ctx, tx, schemas); err != nil {
		return nil, err
	}
	if err := marker.RecordSeed(ctx, tx, slices.ContainsFunc(files, func(f *project.File) bool { return f.Folder == SeedFolder })); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	committed = true
	res.Duration = time.Since(t0)
	slices.SortStableFunc(res.Slow, func(a, b FileTime) int { return cmp.Compare(b.Duration, a.Duration) })
	if opts.Stdout != nil {
		PrintResult(opts.Stdout, res, opts.Color)
	}
	return res, nil
}

// ExecScript runs sql (any number of statements) as one simple-protocol
// query and discards its results. It returns how many statements completed
// before an error, which is the index of the failing statement among
// sqlsplit.Split(sql) (a syntax error anywhere fails the whole script before
// any statement runs: completed is then 0 and the error has a Position).
func ExecScript(ctx context.Context, pgc *pgconn.PgConn, sql string) (completed int, err error) {
	mrr := pgc.Exec(ctx, sql)
	for mrr.NextResult() {
		if _, err := mrr.ResultReader().Close(); err == nil {
			completed++
		}
	}
	return completed, mrr.Close()
}

// dropSchemas drops those of names that exist and returns them.
func dropSchemas(ctx context.Context, tx pgx.Tx, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `
		select n.nspname
		from pg_catalog.pg_namespace as n
		where n.nspname = any($1)`, names)
	if err != nil {
		return nil, fmt.Errorf("list schemas to drop: %w", err)
	}
	existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list schemas to drop: %w", err)
	}
	var dropped []string
	for _, n := range names { // in the files' order
		if !slices.Contains(existing, n) {
			continue
		}
		if _, err := tx.Exec(ctx, "drop schema if exists "+pgx.Identifier{n}.Sanitize()+" cascade"); err != nil {
			return nil, fmt.Errorf("drop schema %s: %w", n, err)
		}
		dropped = append(dropped, n)
	}
	return dropped, nil
}

// union returns a followed by the elements of b not in a, leaving out the
// schemas a rebuild must never drop.
func union(a, b []string) []string {
	var out []string
	for _, s := range append(slices.Clone(a), b...) {
		switch s {
		case marker.Schema, "pg_catalog", "information_schema", "pg_toast", "public":
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// PrintResult writes one line per folder (name, files, time) and the total.
func PrintResult(w io.Writer, r *Result, useColor bool) {
	name := newColor(useColor, color.Bold)
	dim := newColor(useColor, color.Faint)
	ok := newColor(useColor, color.FgGreen, color.Bold)
	for _, f := range r.Folders {
		fmt.Fprintf(w, "%s %s %s\n", name.Sprintf("%-12s", f.Folder), dim.Sprintf("%4d %-5s", f.Files, plural.S(f.Files, "file")), fmtDur(f.Duration))
	}
	fmt.Fprintf(w, "%s %s %s\n", ok.Sprintf("%-12s", "total"), dim.Sprintf("%4d %-5s", r.Files, plural.S(r.Files, "file")), fmtDur(r.Duration))
	if len(r.Slow) == 0 {
		return
	}
	fmt.Fprintln(w, dim.Sprintf("files over %dms, slowest first:", SlowFile.Milliseconds()))
	for _, f := range r.Slow {
		fmt.Fprintf(w, "  %s %s\n", fmtDur(f.Duration), f.Path)
	}
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%7.2fms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%7.0fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%8.1fs", d.Seconds())
	}
}

func newColor(enabled bool, attrs ...color.Attribute) *color.Color {
	c := color.New(attrs...)
	if enabled {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}

// IsRefused reports whether err is a refusal of the database (production or
// unmarked), as opposed to a failure of the build.
func IsRefused(err error) bool {
	var r *marker.RefusedError
	return errors.As(err, &r)
}

// IsConcurrencyAbort reports whether err is a deadlock (40P01) or a
// serialization failure (40001): an abort caused by another session at the
// same time, not by the SQL itself, so running it again may succeed.
func IsConcurrencyAbort(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// indent prefixes every line of s after the first with pad.
func indent(s, pad string) string {
	return strings.ReplaceAll(s, "\n", "\n"+pad)
}
