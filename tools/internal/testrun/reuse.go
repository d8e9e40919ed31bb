package testrun

// The pieces of a run that other commands reuse (thick mutate): clones of
// the prepared template, and one test file run on a connection of the
// caller's, after SQL of the caller's inside the file's own transaction.

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/sqlsplit"
	"thick/tools/internal/tap"
)

// URL is the connection string of database db on the run's server.
func (e *Env) URL(db string) string { return e.srv.URL(db) }

// TestDatabase is the name of the database the suites share, cloned from
// the template by Prepare.
func (e *Env) TestDatabase() string {
	db, _ := e.current()
	return db
}

// CloneTemplate creates database db (named after the run's own databases:
// it is given a suffix) from the prepared template (tests/setup applied),
// with the template's database-level settings, and returns its name. Close
// drops it.
func (e *Env) CloneTemplate(ctx context.Context, suffix string) (string, error) {
	db := e.prefix + "_" + suffix
	return db, e.clone(ctx, db)
}

// DropDatabase drops one of the run's databases.
func (e *Env) DropDatabase(ctx context.Context, db string) error {
	return e.drop(ctx, db)
}

// IsCommitFile reports whether a test file's first line is `-- thick:
// commit` (it needs a database of its own, which the caller provides).
func IsCommitFile(src string) bool { return isCommit(src) }

// FileRun configures RunFile.
type FileRun struct {
	// Before is SQL run first, inside the file's transaction (so the file's
	// rollback undoes it too); for a commit file, in a transaction of its
	// own that commits before the file runs.
	Before string
	// StopAtFailure ends the file at its first failed assertion or error.
	StopAtFailure bool
	// Own says conn is on a database the caller made for this file alone:
	// the file runs as a commit file does, after o.Before committed.
	Own bool
	// After, when set, runs on the connection after the file's statements,
	// still inside its transaction: a closing `rollback` of the file is held
	// back until After returns (not for commit files).
	After func(ctx context.Context, conn *pgconn.PgConn) error
}

// RunFile runs the test file path (source src) on conn as `thick test`
// does, in a transaction that is rolled back and a session reset afterwards,
// after o.Before. A commit file (or any file, with o.Own) runs as it is, on
// the database of conn, which the caller must have made for it. It returns the file's result,
// whether conn is still usable, and the error of o.Before (the file did not
// run then).
func (e *Env) RunFile(ctx context.Context, conn *pgconn.PgConn, path, src string, o FileRun) (f *File, usable bool, before error) {
	f = &File{Path: path, Commit: isCommit(src) || o.Own}
	start := time.Now()
	defer func() {
		f.Suite = tap.Parse(f.Lines)
		f.Elapsed = time.Since(start)
	}()
	if f.Commit {
		if o.Before != "" {
			if _, err := conn.Exec(ctx, o.Before).ReadAll(); err != nil {
				return f, reset(ctx, conn), err
			}
		}
		runStatements(ctx, e.project, conn, src, f, !f.Commit, o.StopAtFailure)
		return f, reset(ctx, conn), nil
	}
	if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
		f.Err = fmt.Errorf("begin: %w", err)
		return f, reset(ctx, conn), nil
	}
	if o.Before != "" {
		if _, err := conn.Exec(ctx, o.Before).ReadAll(); err != nil {
			return f, reset(ctx, conn), err
		}
	}
	stmts := sqlsplit.Split(src)
	if o.After != nil && len(stmts) > 0 {
		if w := sqlsplit.Words(stmts[len(stmts)-1].SQL, 2); len(w) == 1 && (w[0] == "rollback" || w[0] == "abort") {
			src = src[:stmts[len(stmts)-1].Offset]
		}
	}
	runStatements(ctx, e.project, conn, src, f, !f.Commit, o.StopAtFailure)
	if o.After != nil && f.Err == nil {
		if err := o.After(ctx, conn); err != nil {
			f.Err = fmt.Errorf("after the file: %w", err)
		}
	}
	return f, reset(ctx, conn), nil
}
