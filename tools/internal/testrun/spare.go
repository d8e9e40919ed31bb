package testrun

// The spare: on the cache server, the database the files shared is kept
// for the next run of the same template when the run left it as it found
// it, so that a second run skips the clone. Every statement of a file runs
// inside a transaction the runner rolls back, and a file that commits is
// caught (runStatements): the rows are the template's. What a rollback does
// not undo is put back or ruled out here:
//   - sequences (nextval and setval are not transactional): read when the
//     run takes the database, set back when it leaves;
//   - dead rows (of rolled-back writes, of the suites' temporary tables in
//     the catalogs): vacuumed when it leaves;
//   - a file that opens connections of its own (dblink, pg_background) may
//     commit behind the runner's back: its run does not keep the database,
//     unless the file runs alone (`-- thick: alone`) and no transaction of
//     the server that started while it ran committed (committedSince);
//   - a file that committed (the files after it ran on a fresh clone), an
//     interrupted run, a run that never executed its files: not kept.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// sparePrefix names the kept database: thick_spare_<key>_<YYYYMMDD>, the
// key and day of the template it was cloned from.
const sparePrefix = "thick_spare_"

// otherConnections matches what lets SQL write through a connection the
// runner does not hold, committing whatever the runner rolls back (dblink's
// functions, pg_background's, a COPY to or from a program, which may run
// psql). postgres_fdw is not among them: its remote transaction ends with
// the local one.
var otherConnections = regexp.MustCompile(`(?i)\b(dblink|pg_background)\w*|\bprogram\s+(e?')`)

// opensOtherConnections reports whether src matches otherConnections. The
// expression runs only on text holding one of its words: on the project's
// 0.9 MB of SQL, read at every run, the expression alone took about 60 ms,
// a search for the words in a lowercased copy about 15, containsFold 3.
func opensOtherConnections(src string) bool {
	return containsFold(src, "dblink", "pg_background", "program") && otherConnections.MatchString(src)
}

// containsFold reports whether s holds any of words, ASCII letters matched
// regardless of case (words are lowercase), without copying s.
func containsFold(s string, words ...string) bool {
	var firsts []byte
	for _, w := range words {
		if w == "" {
			return true
		}
		c := w[0]
		firsts = append(firsts, c)
		if 'a' <= c && c <= 'z' {
			firsts = append(firsts, c-'a'+'A')
		}
	}
	set := string(firsts)
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], set)
		if j < 0 {
			return false
		}
		i += j
		for _, w := range words {
			if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
		i++
	}
	return false
}

// spareComment ties a kept database to the template it was cloned from:
// a template built again under the same name (dropped by hand, say) has
// another oid, and the spare is not taken.
func spareComment(templateOID uint32) string {
	return fmt.Sprintf("thick: the last run's test database, a clone of template oid %d", templateOID)
}

// sequenceState is one sequence of the test database as the run took it.
type sequenceState struct {
	schema, name string
	last         *int64 // nil: never called
}

// takeSpare renames the kept database spare (when it exists) to db, the
// run's test database, and reports whether it did.
func (e *Env) takeSpare(ctx context.Context, existing map[string]bool, spare, db string) bool {
	if !existing[spare] {
		return false
	}
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	var match bool
	if err := e.admin.QueryRow(ctx, `
		select pg_catalog.shobj_description(s.oid, 'pg_database') is not distinct from $2
		from pg_catalog.pg_database as s
		where s.datname = $1`, spare, spareComment(e.templateOID)).Scan(&match); err != nil || !match {
		_ = dropDatabase(ctx, e.admin, spare)
		return false
	}
	if err := renameDatabase(ctx, e.admin, spare, db); err != nil {
		_ = dropDatabase(ctx, e.admin, spare)
		return false
	}
	e.created = append(e.created, db)
	return true
}

// readSequences records the sequences of the test database, on conn, the
// first session of the files to connect to it, before any file runs (the
// other sessions wait for it: seqOnce). When they cannot be read the run
// does not keep the database.
func (e *Env) readSequences(ctx context.Context, conn *pgconn.PgConn) {
	e.seqOnce.Do(func() {
		seqs, err := sequencesOf(ctx, conn)
		if err != nil {
			e.tainted.Store(true)
			return
		}
		e.seqs = seqs
	})
}

// sequencesOf reads the sequences of the database conn is on (but its
// session's temporary ones).
func sequencesOf(ctx context.Context, conn *pgconn.PgConn) ([]sequenceState, error) {
	results, err := conn.Exec(ctx, `select schemaname::text, sequencename::text, last_value::text from pg_catalog.pg_sequences
		where schemaname !~ '^pg_temp_'`).ReadAll()
	if err == nil && len(results) != 1 {
		err = errors.New("no result")
	}
	if err != nil {
		return nil, err
	}
	var seqs []sequenceState
	for _, row := range results[0].Rows {
		s := sequenceState{schema: string(row[0]), name: string(row[1])}
		if row[2] != nil {
			v, err := strconv.ParseInt(string(row[2]), 10, 64)
			if err != nil {
				return nil, err
			}
			s.last = &v
		}
		seqs = append(seqs, s)
	}
	return seqs, nil
}

// keepSpare sets the sequences of the test database back to what they were
// when the run took it and renames it to the spare's name; on any doubt it
// reports false and the database is dropped as before.
func (e *Env) keepSpare(ctx context.Context) bool {
	if e.spare == "" || !e.finished || e.gen != 0 || e.tainted.Load() || ctx.Err() != nil {
		return false
	}
	// the files' sessions have left (their statistics, which deadRowsVacuum
	// reads, are written as they leave); the second sessions the helpers
	// kept idle for the next file (leftAlone) are ended: they would end
	// only when the closed session that opened them has finished exiting,
	// 30-80 ms on this machine
	e.adminMu.Lock()
	endIdleHelpers(ctx, e.admin, e.testDB)
	waitUnused(ctx, e.admin, e.testDB, time.Second)
	e.adminMu.Unlock()
	vacuum, ok := e.resetDatabase(ctx, false)
	if !ok {
		return false
	}
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if commentDatabase(ctx, e.admin, e.testDB, spareComment(e.templateOID)) != nil {
		return false
	}
	// the files' connections are closed; renameDatabase waits for their
	// server processes to leave
	if renameDatabase(ctx, e.admin, e.testDB, e.spare) != nil {
		return false
	}
	e.created = slices.DeleteFunc(e.created, func(db string) bool { return db == e.testDB })
	e.vacuumBehind(ctx, e.spare, vacuum)
	return true
}

// resetDatabase sets the sequences of the test database back to what they
// were when the run took it and vacuums its dead rows (deadRowsVacuum),
// waiting for it when now, else returning the vacuum ("" when none is
// due) for vacuumBehind; ok is false when it could not.
func (e *Env) resetDatabase(ctx context.Context, now bool) (vacuum string, ok bool) {
	conn, err := pgx.Connect(ctx, e.srv.URL(e.testDB))
	if err != nil {
		return "", false
	}
	defer conn.Close(context.WithoutCancel(ctx))
	schemas, names, lasts := make([]string, len(e.seqs)), make([]string, len(e.seqs)), make([]*int64, len(e.seqs))
	for i, s := range e.seqs {
		schemas[i], names[i], lasts[i] = s.schema, s.name, s.last
	}
	_, err = conn.Exec(ctx, `
		select pg_catalog.setval(pg_catalog.format('%I.%I', s.schemaname, s.sequencename)::regclass,
		                         coalesce(was.last_value, s.start_value), was.last_value is not null)
		from pg_catalog.pg_sequences as s
		join unnest($1::text[], $2::text[], $3::bigint[]) as was (schemaname, sequencename, last_value)
		  on was.schemaname = s.schemaname and was.sequencename = s.sequencename
		where s.last_value is distinct from was.last_value`, schemas, names, lasts)
	if err != nil {
		return "", false
	}
	if vacuum, err = deadRowsVacuum(ctx, conn); err != nil {
		return "", false
	}
	if now && vacuum != "" {
		_, err = conn.Exec(ctx, vacuum)
		return "", err == nil
	}
	return vacuum, true
}

// deadRowsVacuum returns the vacuum of the tables of the database conn is
// on whose dead rows passed autovacuum's threshold
// (autovacuum_vacuum_threshold plus autovacuum_vacuum_scale_factor of the
// live rows), as autovacuum would have, which is off on the cache server
// (StartCache); "" when none did. The rolled-back rows and the suites'
// temporary tables leave dead rows behind (in the catalogs too): a
// database kept run after run would grow and slow down; below the
// threshold, a table's dead rows wait for the next runs' (bounded as under
// autovacuum). A vacuum of the whole database took about 0.16 s with
// nothing to do, of every table with a dead row 0.19 s, at the end of every
// run; the few dozen tables past the threshold a fraction of it.
// Statistics the server lost (a crash) count none: those rows wait too.
func deadRowsVacuum(ctx context.Context, conn *pgx.Conn) (string, error) {
	// the two counters of pg_stat_all_tables it needs (the view reads some
	// twenty for each of the database's relations: 12 ms, this 1)
	rows, err := conn.Query(ctx, `
		select pg_catalog.format('%I.%I', n.nspname, c.relname)
		from pg_catalog.pg_class as c
		join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		where c.relkind in ('r', 't', 'm', 'p')
		  and pg_catalog.pg_stat_get_dead_tuples(c.oid) > 0
		  and pg_catalog.pg_stat_get_dead_tuples(c.oid) >= pg_catalog.current_setting('autovacuum_vacuum_threshold')::float8
		      + pg_catalog.current_setting('autovacuum_vacuum_scale_factor')::float8 * pg_catalog.pg_stat_get_live_tuples(c.oid)
		  and n.nspname not like 'pg\_temp\_%' and n.nspname not like 'pg\_toast\_temp\_%'
		order by 1`)
	if err != nil {
		return "", err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) == 0 {
		return "", err
	}
	return "vacuum (skip_locked) " + strings.Join(tables, ", "), nil
}

// vacuumBehind sends vacuum (from resetDatabase) to the spare db and
// leaves without waiting for it: the server runs it to its end after the
// client has gone (a vacuum sends nothing before it ends, with
// client_min_messages at error; its answer then finds the connection
// closed), and the next run's rename of the spare waits for it (up to a
// second, else that run clones). The run ends about 0.2 s sooner.
func (e *Env) vacuumBehind(ctx context.Context, db, vacuum string) {
	if vacuum == "" {
		return
	}
	conn, err := pgconn.Connect(ctx, e.srv.URL(db))
	if err != nil {
		return
	}
	if _, err := conn.Exec(ctx, "set client_min_messages = error").ReadAll(); err == nil {
		// sent, not waited for: Close sends Terminate behind it
		_ = conn.Exec(ctx, vacuum)
	}
	_ = conn.Close(context.WithoutCancel(ctx))
}

// Finished tells Close that the files ran to their end: the shared
// database may be kept for the next run (when nothing rules it out).
func (e *Env) Finished() { e.finished = true }

// windowStart assigns a transaction id to a statement of its own on conn
// (idle, outside a transaction) and returns it, with the server's clock
// then (microseconds of the Unix epoch): every transaction that writes
// after it gets a larger id, and every session that connects after it a
// later backend_start.
func windowStart(ctx context.Context, conn *pgconn.PgConn) (id uint64, since int64, err error) {
	results, err := conn.Exec(ctx, "select pg_catalog.pg_current_xact_id()::text, "+
		"(extract(epoch from pg_catalog.clock_timestamp()) * 1000000)::bigint::text").ReadAll()
	if err != nil {
		return 0, 0, err
	}
	if len(results) != 1 || len(results[0].Rows) != 1 {
		return 0, 0, errors.New("pg_current_xact_id: no row")
	}
	row := results[0].Rows[0]
	if id, err = strconv.ParseUint(string(row[0]), 10, 64); err != nil {
		return 0, 0, err
	}
	since, err = strconv.ParseInt(string(row[1]), 10, 64)
	return id, since, err
}

// leftAlone waits, at most for limit, until every session connected to db
// since the window began (at since) has left, but the worker's own (pid)
// and the test helpers' second sessions kept idle outside a transaction,
// and reports whether they have: the sessions an alone file opened (a
// second session through dblink) end with it or wait idle for the next
// file of the worker's session (tests.close_second_session), or the
// worker's session is closed, which ends them. since is in microseconds of
// the Unix epoch, by the server's clock (windowStart).
func (e *Env) leftAlone(ctx context.Context, db string, since int64, pid uint32, limit time.Duration) bool {
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	return waitLeft(ctx, e.admin, db, since, pid, true, limit)
}

// committedSince reports whether any transaction of the server with an id
// after from, up to now, committed or is still open (an error counts as
// yes). Every write takes a transaction id, so when an alone file ran in
// that window, its own connections' writes are among them: a rollback
// leaves them all aborted. A commit of anything else in the window (an
// autovacuum's analyze, another run on the server) only costs the next
// run a clone.
func (e *Env) committedSince(ctx context.Context, from uint64) bool {
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	var any bool
	err := e.admin.QueryRow(ctx, `
		with upto as (select pg_catalog.pg_current_xact_id()::text::bigint as id)
		select exists (
		    select
		    from upto, pg_catalog.generate_series($1::bigint + 1, upto.id - 1) as x (id)
		    where pg_catalog.pg_xact_status(x.id::text::xid8) is distinct from 'aborted')`, int64(from)).Scan(&any)
	return err != nil || any
}
