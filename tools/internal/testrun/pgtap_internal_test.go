package testrun

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

// tapSessions are sessions of statements run under pgTAP as installed and
// under its static twins: every path of the twins (a plan in a new session
// and in one with pgTAP's tables, a plan twice, assertions without a plan,
// todos counted and open, a failure, a plan not met, no_plan, a note, null
// values recorded).
var tapSessions = [][]string{
	{
		"begin",
		"select plan(9)",
		"select ok(true, 'passes')",
		"select ok(false, 'fails')",
		"select is(1, 2, 'differs')",
		"select * from todo('not yet', 2)",
		"select ok(false, 'first of two todos')",
		"select ok(true, 'second of two todos')",
		"select ok(false, 'after the todos')",
		"select * from todo_start('open')",
		"select ok(false, 'in an open todo')",
		"select * from todo_end()",
		"select * from skip('not here', 1)",
		"select throws_ok('select 1/0', '22012', 'division by zero', 'divides by zero')",
		"select * from finish()",
		"select _get('failed'), _get_latest('curr_test'), _get('no such label'), _get_latest('no such label')",
		"select _set('noted', 5, 'a note'), _get_note('noted'), _set('noted', 6), _get_note('noted'), _get('noted')",
		"select _set('noted', 7, null), _get_note('noted'), _get('noted')",
		"rollback",
	},
	{
		// as the runner primes a session: pgTAP's tables are there
		"select plan(1)",
		"delete from pg_temp.__tcache__",
		"begin",
		"select plan(3)",
		"select plan(2)",
		"rollback",
		"begin",
		"select plan(3)",
		"select ok(true, 'one of three')",
		"select * from finish()",
		"rollback",
	},
	{
		"begin",
		"select plan(1)",
		"select plan(1)",
		"rollback",
	},
	{
		"begin",
		"select ok(true, 'no plan yet')",
		"rollback",
		"select is(1, 1, 'still no plan')",
	},
	{
		"begin",
		"select * from no_plan()",
		"select ok(true, 'one')",
		"select is('a'::text, 'a', 'two')",
		"select * from finish()",
		"rollback",
	},
	{
		"begin",
		"select plan(1)",
		"select _set('x', null)",
		"rollback",
		"begin",
		"select plan(1)",
		"select _set(null, 1)",
		"rollback",
		"begin",
		"select plan(1)",
		"select _set('x', null, 'note')",
		"rollback",
		"begin",
		"select plan(1)",
		"select _set('plan', null)",
		"rollback",
		"select plan(null)",
	},
}

// transcript runs the sessions on db, each on a connection of its own, and
// returns what each statement gave: its rows, or its error's code and
// message (the context, which names the functions' lines, differs).
func transcript(t *testing.T, ctx context.Context, url string) []string {
	t.Helper()
	var out []string
	for i, session := range tapSessions {
		conn, err := pgconn.Connect(ctx, url)
		require.NoError(t, err)
		for _, stmt := range session {
			results, err := conn.Exec(ctx, stmt).ReadAll()
			var pe *pgconn.PgError
			switch {
			case errors.As(err, &pe):
				out = append(out, fmt.Sprintf("%d %s: ERROR %s %s", i, stmt, pe.Code, pe.Message))
			case err != nil:
				t.Fatalf("%s: %v", stmt, err)
			default:
				var rows []string
				for _, r := range results {
					for _, row := range r.Rows {
						var cells []string
						for _, c := range row {
							if c == nil {
								cells = append(cells, "NULL")
							} else {
								cells = append(cells, string(c))
							}
						}
						rows = append(rows, strings.Join(cells, "|"))
					}
				}
				out = append(out, fmt.Sprintf("%d %s: %s", i, stmt, strings.Join(rows, "\n")))
			}
		}
		require.NoError(t, conn.Close(ctx))
	}
	return out
}

// The static twins print what pgTAP's own functions print, fail where they
// fail with the same error, and replace only pgTAP 1.x's text.
func TestStaticTAPSameOutput(t *testing.T) {
	ctx := context.Background()
	srv, admin := testServer(t)
	for _, db := range []string{"installed", "static", "other"} {
		_, err := admin.Exec(ctx, "create database "+db)
		require.NoError(t, err)
		conn, err := pgx.Connect(ctx, srv.URL(db))
		require.NoError(t, err)
		_, err = conn.Exec(ctx, "create schema tap; create extension pgtap with schema tap; alter database "+db+" set search_path = tap, public")
		require.NoError(t, err)
		conn.Close(ctx)
	}

	static, err := pgx.Connect(ctx, srv.URL("static"))
	require.NoError(t, err)
	defer static.Close(ctx)
	n, err := staticTAP(ctx, static)
	require.NoError(t, err)
	require.Equal(t, len(tapTwins), n, "every twin replaced pgTAP 1.x's function")
	n, err = staticTAP(ctx, static)
	require.NoError(t, err)
	require.Zero(t, n, "a twin is not pgTAP's text: nothing replaced again")
	var dynamic int
	require.NoError(t, static.QueryRow(ctx, `select count(*) from pg_proc
		where oid in ('tap._get(text)'::regprocedure, 'tap._get_latest(text)'::regprocedure, 'tap._set(text,integer,text)'::regprocedure)
		  and prosrc like '%EXECUTE ''%'`).Scan(&dynamic))
	require.Zero(t, dynamic, "no twin builds a query text")
	var members int
	require.NoError(t, static.QueryRow(ctx, `select count(*) from pg_depend
		where classid = 'pg_proc'::regclass and refobjid = (select oid from pg_extension where extname = 'pgtap')
		  and objid in ('tap._get(text)'::regprocedure, 'tap._get_latest(text)'::regprocedure,
		                'tap._set(text,integer,text)'::regprocedure, 'tap.plan(integer)'::regprocedure)`).Scan(&members))
	require.Equal(t, 4, members, "the twins stay members of the extension")

	want := transcript(t, ctx, srv.URL("installed"))
	got := transcript(t, ctx, srv.URL("static"))
	require.Equal(t, want, got)
	// the sessions went where the twins differ from the originals
	all := strings.Join(want, "\n")
	for _, s := range []string{
		"not ok 2 - fails", "not ok 4 - first of two todos # TODO not yet", "ok 5 - second of two todos # TODO not yet",
		"not ok 6 - after the todos\n", "not ok 7 - in an open todo # TODO open", "ok 8 # SKIP not here",
		"ok 9 - divides by zero", "Looks like you failed 3 tests of 9",
		"1 select plan(2): ERROR P0001 You tried to plan twice!", "2 select plan(1): ERROR P0001 You tried to plan twice!",
		"3 select ok(true, 'no plan yet'): ERROR P0001 You tried to run a test without a plan! Gotta have a plan",
		"Looks like you planned 3 tests but ran 1", "4 select * from finish(): 1..2",
		"select _set('x', null): ERROR 22004", "select _set(null, 1): ERROR 22004", "select _set('x', null, 'note'): ERROR 22004", "select _set('plan', null): ERROR 22004",
		"_get('noted'): 5|a note|6||6", "7||7", "3|{3,9}|NULL|NULL",
	} {
		require.Contains(t, all, s)
	}

	// a body of another version is left as it is
	other, err := pgx.Connect(ctx, srv.URL("other"))
	require.NoError(t, err)
	defer other.Close(ctx)
	changed := `
DECLARE
    ret integer;
BEGIN
    EXECUTE 'SELECT value FROM __tcache__ WHERE label = ' || quote_literal($1) || ' LIMIT 1' INTO ret; -- another version
    RETURN ret;
END;
`
	_, err = other.Exec(ctx, "create or replace function tap._get(text) returns integer language plpgsql strict as $f$"+changed+"$f$")
	require.NoError(t, err)
	n, err = staticTAP(ctx, other)
	require.NoError(t, err)
	require.Equal(t, len(tapTwins)-1, n)
	var src string
	require.NoError(t, other.QueryRow(ctx, "select prosrc from pg_proc where oid = 'tap._get(text)'::regprocedure").Scan(&src))
	require.Equal(t, changed, src)
}
