package testrun

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/build"
	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
	"thick/tools/internal/tap"
)

// textOID is the type of the values pgTAP returns; only text columns are
// read as TAP (a void or count(*) result is not output).
const textOID = 25

// commitMark on the first line of a test file asks for a database of its own,
// so the file may commit; the database is dropped afterwards.
const commitMark = "-- thick: commit"

// File is one test file and what running it gave.
type File struct {
	Path    string // slash-separated, relative to the project root
	Commit  bool   // first line is `-- thick: commit`
	Lines   []tap.Line
	Suite   *tap.Suite
	Err     error // SQL error (*build.SQLError) or failure to run the file
	Elapsed time.Duration
	Retries int // runs aborted by a deadlock with another file, then run again
	// Waited is how long the file's session waited for locks other
	// sessions held (each wait of deadlock_timeout or more), and
	// WaitedFor the files whose sessions held them (locks.go).
	Waited    time.Duration
	WaitedFor []string
	// Committed is the line of the statement that committed the runner's
	// transaction in a file without the commit mark (0 when none did).
	Committed int
}

// Passed is the number of assertions that passed, not counting those
// marked SKIP or TODO.
func (f *File) Passed() int {
	if f.Suite == nil {
		return 0
	}
	return f.Suite.Passed() - f.Suite.Skipped() - f.Suite.Todo()
}

// Skipped is the number of assertions marked SKIP, or 1 for a file that
// skipped everything (`1..0 # SKIP`).
func (f *File) Skipped() int {
	if f.Suite == nil {
		return 0
	}
	if f.Suite.SkipAll != "" && len(f.Suite.Assertions) == 0 && f.OK() {
		return 1
	}
	return f.Suite.Skipped()
}

// Todo is the number of assertions marked TODO (failing or not: they do not
// count as failures).
func (f *File) Todo() int {
	if f.Suite == nil {
		return 0
	}
	return f.Suite.Todo()
}

// Failed is the number of failed assertions, the planned ones that never ran,
// and at least 1 when the file raised an error or broke its plan.
func (f *File) Failed() int {
	n := 0
	if f.Suite != nil {
		n = f.Suite.Failed()
	}
	if n == 0 && f.Err != nil {
		n = 1
	}
	return n
}

// OK reports whether the file passed.
func (f *File) OK() bool { return f.Failed() == 0 }

// isCommit reports whether src starts with the commit mark.
func isCommit(src string) bool { return hasMark(src, commitMark) }

// hasMark reports whether the first line of src is mark (a `-- thick: ...`
// comment; case and spaces do not matter).
func hasMark(src, mark string) bool {
	first, _, _ := strings.Cut(src, "\n")
	first = strings.TrimSpace(strings.TrimPrefix(first, "\ufeff"))
	if !strings.HasPrefix(first, "--") {
		return false
	}
	words := strings.Fields(strings.TrimPrefix(first, "--"))
	return strings.EqualFold(strings.Join(words, " "), strings.TrimPrefix(mark, "-- "))
}

// runStatements executes the statements of one test file in order,
// collecting the text rows as TAP lines tagged with the line of the
// statement that produced them. It stops at the first error, located in the
// project's files. The file's transaction is left to the caller to roll
// back.
//
// With guard (a file run in the runner's transaction on the shared
// database), every statement runs inside a transaction: when the file ends
// the runner's with a rollback, the next statement gets a new one; when it
// ends it any other way (commit, end), its rows are in the shared database
// for the files after it: the file fails at that statement and stops. Runs
// of statements that cannot end a transaction (batchable) then share one
// round trip, each parsed, run and answered on its own (a pipeline of the
// extended protocol): the server runs them in order and skips the rest
// after an error, as one by one; about a tenth of a warm run's CPU less.
// Otherwise each statement is one simple query.
func runStatements(ctx context.Context, p *project.Project, conn *pgconn.PgConn, src string, f *File, guard, stop bool) {
	stmts := sqlsplit.Split(src)
	// failedSince: with stop, whether an assertion answered from line n of
	// f.Lines on failed (the file then stops after that statement or batch)
	failedSince := func(n int) bool {
		if !stop {
			return false
		}
		for _, a := range tap.Parse(f.Lines[n:]).Assertions {
			if a.Failed() {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(stmts); i++ {
		seen := len(f.Lines)
		st := stmts[i]
		if guard && conn.TxStatus() == 'I' {
			if _, err := conn.Exec(ctx, "begin").ReadAll(); err != nil {
				f.Err = fmt.Errorf("begin: %w", err)
				return
			}
		}
		if n := batchable(stmts[i:]); guard && n > 1 {
			batch := &pgconn.Batch{}
			for _, b := range stmts[i : i+n] {
				batch.ExecParams(b.SQL, nil, nil, nil, nil)
			}
			results, err := conn.ExecBatch(ctx, batch).ReadAll()
			// one result per statement run, in order; a statement that
			// failed has one (with its error) only when it began to answer
			done := 0
			for k, r := range results {
				f.collect(r, stmts[i+k].Line)
				if r.Err == nil {
					done++
				}
			}
			if err != nil {
				f.Err = locate(p, f.Path, src, stmts, i+done, err)
				return
			}
			if failedSince(seen) {
				return
			}
			i += n - 1
			continue
		}
		results, err := conn.Exec(ctx, st.SQL).ReadAll()
		for _, r := range results {
			f.collect(r, st.Line)
		}
		if err != nil {
			f.Err = locate(p, f.Path, src, stmts, i, err)
			return
		}
		if guard && conn.TxStatus() == 'I' {
			tag := ""
			if len(results) > 0 {
				tag = results[len(results)-1].CommandTag.String()
			}
			if tag != "ROLLBACK" {
				if w := sqlsplit.Words(st.SQL, 1); len(w) > 0 {
					tag = w[0]
				}
				f.Committed = st.Line
				f.Err = fmt.Errorf("%s:%d: this statement (%s) committed the file's transaction on the database the suites share, "+
					"so its rows would leak into the files after it; mark the file with %q on its first line to run it on a database of its own "+
					"(the files after it run on a fresh clone)", f.Path, st.Line, strings.ToLower(tag), commitMark)
				return
			}
		}
		if failedSince(seen) {
			return
		}
	}
}

// maxBatch bounds the statements that share a round trip.
const maxBatch = 64

// batchable is how many statements from the first of stmts may share one
// round trip: queries and writes (batchWords), which cannot end the file's
// transaction, so that the guard's check after them holds for each.
func batchable(stmts []sqlsplit.Statement) int {
	n := 0
	for n < len(stmts) && n < maxBatch {
		w := sqlsplit.Words(stmts[n].SQL, 1)
		if len(w) != 1 || !batchWords[w[0]] {
			break
		}
		n++
	}
	return n
}

// batchWords are the first words of the statements batchable takes.
var batchWords = map[string]bool{"select": true, "insert": true, "update": true, "delete": true, "with": true, "values": true}

// reset rolls back whatever the file left open and resets the session
// (settings, role, prepared statements, cursors, locks, listens, sequence
// state: discard all, but for its temporary tables and its cached plans),
// so the connection can run the next file as if new. It reports whether
// the connection is still usable.
//
// The cached plans of the functions' queries stay for the next file: a
// plan never changes an answer, and the server plans again whatever a
// file changed under it (a table, a function, the role, the search_path).
// Planning them again in every file was about a tenth of the suites'
// server time.
//
// The temporary tables a file creates are gone with its rollback (a file
// that commits fails, and its worker moves to a fresh clone on a new
// connection). Those that outlive it are pgTAP's own, made by primeTAP
// and cleared here.
func reset(ctx context.Context, conn *pgconn.PgConn) bool {
	if ctx.Err() != nil || conn.IsClosed() {
		return false
	}
	if _, err := conn.Exec(ctx, "rollback").ReadAll(); err != nil {
		return false
	}
	if _, err := conn.Exec(ctx, sessionReset).ReadAll(); err != nil {
		return false
	}
	tune(ctx, conn)
	// fails, leaving nothing, when the session has no primed tables
	_, _ = conn.Exec(ctx, tapClear).ReadAll()
	return !conn.IsClosed()
}

// sessionReset is discard all (PostgreSQL's documented equivalent) without
// its discard temp and discard plans.
const sessionReset = "close all; set session authorization default; reset role; reset all; deallocate all; unlisten *; " +
	"select pg_catalog.pg_advisory_unlock_all(); discard sequences"

// fileDeadlockTimeout replaces the server's deadlock_timeout (1 s by default)
// on the files' connections. Files side by side on one database may lock
// the same demo rows in opposite orders; the server finds the deadlock only
// after this wait, and the file then runs again: a second of nothing for
// every such pair.
const fileDeadlockTimeout = "100ms"

// tune sets the files' session settings (again after a reset). It needs
// a superuser, as thick's own connections are; on a server where it is
// refused, the server's setting stays.
func tune(ctx context.Context, conn *pgconn.PgConn) {
	_, _ = conn.Exec(ctx, tuning).ReadAll()
}

// tuning is tune's statement: deadlock_timeout; generic plans
// (plan_cache_mode): a function's query is planned once per session, not
// on each of its first five calls in every file, which custom plans for
// the call's values cost, the same answers; and the server's message of a
// lock wait of that long sent to the session (log_lock_waits,
// client_min_messages = log; locks.go), unless the server logs every
// statement, whose lines would then come too.
const tuning = "set deadlock_timeout = '" + fileDeadlockTimeout + "'; set log_lock_waits = on; set plan_cache_mode = force_generic_plan; " +
	"select pg_catalog.set_config('client_min_messages', 'log', false) " +
	"where pg_catalog.current_setting('log_min_duration_statement') = '-1' and pg_catalog.current_setting('log_statement') = 'none' " +
	"and not pg_catalog.current_setting('log_duration')::boolean"

// PrepareSession readies a new connection for test files as the runner's
// own are: its settings (tune) and pgTAP's primed tables (primeTAP). reset
// keeps it so between files.
func PrepareSession(ctx context.Context, conn *pgconn.PgConn) {
	tune(ctx, conn)
	primeTAP(ctx, conn)
}

// primeTAP gives a new session pgTAP's bookkeeping tables (pgTAP 1.x: the
// table __tcache__, its id sequence, the sequence that numbers the
// assertions), created by pgTAP's own plan() outside any file's
// transaction and cleared, as reset clears them after every file. A
// file's plan() finds them and only records its plan: about 4 ms less per
// file than creating a table, an index and two sequences (and their files)
// in every file's transaction. The file's rows in __tcache__ go with its
// rollback; the sequences, which a rollback does not set back, are set
// back by the clearing.
//
// Where plan() is not found (a file that puts pgTAP on its search path
// itself), the priming fails as a whole and leaves nothing: every file's
// plan() creates the tables in its own transaction, as under pg_prove.
func primeTAP(ctx context.Context, conn *pgconn.PgConn) {
	_, _ = conn.Exec(ctx, "select plan(1); "+tapClear).ReadAll()
}

// tapClear empties pgTAP's primed tables and sets its sequences back to 1,
// in one implicit transaction: all of it or none.
const tapClear = "delete from pg_temp.__tcache__; " +
	"select pg_catalog.setval('pg_temp.__tcache___id_seq', 1, false), pg_catalog.setval('pg_temp.__tresults___numb_seq', 1, false)"

func (f *File) collect(r *pgconn.Result, line int) {
	for i, fd := range r.FieldDescriptions {
		if fd.DataTypeOID != textOID {
			continue
		}
		for _, row := range r.Rows {
			if row[i] != nil {
				f.Lines = append(f.Lines, tap.Line{Text: string(row[i]), Src: line})
			}
		}
	}
}

// locate maps an error raised by statement i of a test file to the file (or
// to the project file defining the function that raised it) with
// build.MapErrorAt. The server's error position counts characters of the
// statement sent, so it is shifted to count characters of the whole file.
func locate(p *project.Project, path, src string, stmts []sqlsplit.Statement, i int, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Position > 0 {
		cp := *pe
		cp.Position += int32(utf8.RuneCountInString(src[:stmts[i].Offset]))
		err = &cp
	}
	return build.MapErrorAt(p, path, src, err, i)
}
