package testrun

// pgTAP's bookkeeping in static SQL. pgTAP 1.x keeps a file's counters (the
// plan, the current test, the failures, the todos) in the temporary table
// __tcache__, which its internal functions read and write through dynamic
// SQL: every assertion builds three query texts (_todo's _get_latest, ok's
// _get('plan'), _set('curr_test')) that the server parses and plans afresh,
// about 0.13 ms an assertion, and every plan() runs its CREATE statements
// to see them fail when the session has the tables already (as every
// session of the runner has them, primeTAP). Dynamic SQL was pgTAP's way
// around cached plans of a temporary table that each session creates anew
// (PostgreSQL 8); a plan cached in a function is now checked against the
// tables it names and the search_path, so the same statements written
// statically name the same table, take the same locks and return the same
// rows, planned once a session.
//
// The runner puts these static twins into the templates it builds, in place
// of pgTAP's own, only where the installed function's text is pgTAP 1.x's
// byte for byte (another version's is left as it is). The twins keep each
// function's signature, attributes and errors: where the dynamic text was
// null (a null value to record), the twin executes a null text too, so the
// server raises the same error. `make pg_prove` and every database thick
// does not build as a template keep pgTAP as installed.

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// tapTwin is one of pgTAP's functions and the static twin that replaces it.
type tapTwin struct {
	signature string // as regprocedure prints it, unqualified
	original  string // md5 of pgTAP 1.x's body (pg_proc.prosrc)
	strict    bool   // the original's (and the twin's) strictness
	twin      string // the definition after "create or replace function <schema>."
}

var tapTwins = []tapTwin{
	{
		signature: "_get(text)",
		original:  "df2942120b2d4c0c0b47d6503a16c426",
		strict:    true,
		twin: `_get(text)
returns integer
language plpgsql
strict
as $function$
DECLARE
    ret integer;
BEGIN
    SELECT value INTO ret FROM __tcache__ WHERE label = $1 LIMIT 1;
    RETURN ret;
END;
$function$`,
	},
	{
		signature: "_get_latest(text)",
		original:  "7c960137ba3188111df987bca1ad4138",
		strict:    true,
		twin: `_get_latest(text)
returns integer[]
language plpgsql
strict
as $function$
DECLARE
    ret integer[];
BEGIN
    SELECT ARRAY[id, value] INTO ret FROM __tcache__
    WHERE label = $1 AND id = (SELECT MAX(id) FROM __tcache__ WHERE label = $1) LIMIT 1;
    RETURN ret;
EXCEPTION WHEN undefined_table THEN
   RAISE EXCEPTION 'You tried to run a test without a plan! Gotta have a plan';
END;
$function$`,
	},
	{
		signature: "_set(text,integer,text)",
		original:  "c095e6becf89fb1fa78a9f7e53bcf5f2",
		strict:    false,
		twin: `_set(text, integer, text)
returns integer
language plpgsql
as $function$
DECLARE
    rcount integer;
BEGIN
    IF $1 IS NULL OR $2 IS NULL THEN
        -- the original's query text is null then: its error
        EXECUTE NULL::text;
    ELSIF $3 IS NULL THEN
        UPDATE __tcache__ SET value = $2 WHERE label = $1;
    ELSE
        UPDATE __tcache__ SET value = $2, note = $3 WHERE label = $1;
    END IF;
    GET DIAGNOSTICS rcount = ROW_COUNT;
    IF rcount = 0 THEN
       RETURN _add( $1, $2, $3 );
    END IF;
    RETURN $2;
END;
$function$`,
	},
	{
		// plan() creates the tables and, when the session has them, sees
		// its CREATE fail with duplicate_table; the twin looks first and
		// runs the original's statements only when they would not fail.
		signature: "plan(integer)",
		original:  "0e46eca9468761604126e354b2a3e27b",
		strict:    true,
		twin: `plan(integer)
returns text
language plpgsql
strict
as $function$
DECLARE
    rcount INTEGER;
BEGIN
    IF pg_catalog.to_regclass('pg_temp.__tcache___id_seq') IS NOT NULL THEN
        -- what the CREATE below would fail on (duplicate_table), and then
        -- the original's handler of that failure
        IF EXISTS (SELECT FROM __tcache__ WHERE label = 'plan') THEN
           RAISE EXCEPTION 'You tried to plan twice!';
        END IF;
    ELSE
    BEGIN
        EXECUTE '
            CREATE TEMP SEQUENCE __tcache___id_seq;
            CREATE TEMP TABLE __tcache__ (
                id    INTEGER NOT NULL DEFAULT nextval(''__tcache___id_seq''),
                label TEXT    NOT NULL,
                value INTEGER NOT NULL,
                note  TEXT    NOT NULL DEFAULT ''''
            );
            CREATE UNIQUE INDEX __tcache___key ON __tcache__(id);
            GRANT ALL ON TABLE __tcache__ TO PUBLIC;
            GRANT ALL ON TABLE __tcache___id_seq TO PUBLIC;

            CREATE TEMP SEQUENCE __tresults___numb_seq;
            GRANT ALL ON TABLE __tresults___numb_seq TO PUBLIC;
        ';

    EXCEPTION WHEN duplicate_table THEN
        -- Raise an exception if there's already a plan.
        EXECUTE 'SELECT TRUE FROM __tcache__ WHERE label = ''plan''';
      GET DIAGNOSTICS rcount = ROW_COUNT;
        IF rcount > 0 THEN
           RAISE EXCEPTION 'You tried to plan twice!';
        END IF;
    END;
    END IF;

    -- Save the plan and return.
    PERFORM _set('plan', $1 );
    PERFORM _set('failed', 0 );
    RETURN '1..' || $1;
END;
$function$`,
	},
}

// staticTAP replaces, in the database conn is on, the functions of pgTAP
// (the extension, in whatever schema) that are pgTAP 1.x's by their static
// twins, and returns how many it replaced. Without pgTAP it does nothing.
// The replacement keeps each function's owner, privileges and membership
// of the extension (create or replace).
func staticTAP(ctx context.Context, conn *pgx.Conn) (int, error) {
	var schema string
	err := conn.QueryRow(ctx, `
		select n.nspname::text
		from pg_catalog.pg_extension as e
		join pg_catalog.pg_namespace as n on n.oid = e.extnamespace
		where e.extname = 'pgtap'`).Scan(&schema)
	if err == pgx.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pgTAP's schema: %w", err)
	}
	qschema := pgx.Identifier{schema}.Sanitize()
	n := 0
	for _, tw := range tapTwins {
		var src *string
		var strict bool
		err := conn.QueryRow(ctx, `
			select p.prosrc, p.proisstrict
			from pg_catalog.pg_proc as p
			where p.oid = pg_catalog.to_regprocedure($1)`, qschema+"."+tw.signature).Scan(&src, &strict)
		if err == pgx.ErrNoRows {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("pgTAP's %s: %w", tw.signature, err)
		}
		if src == nil || bodySum(*src) != tw.original || strict != tw.strict {
			continue
		}
		if _, err := conn.Exec(ctx, "create or replace function "+qschema+"."+tw.twin); err != nil {
			return n, fmt.Errorf("pgTAP's %s in static SQL: %w", tw.signature, err)
		}
		n++
	}
	return n, nil
}

// bodySum is the md5 of a function's body, as tapTwin.original holds it.
func bodySum(src string) string {
	s := md5.Sum([]byte(src))
	return hex.EncodeToString(s[:])
}
