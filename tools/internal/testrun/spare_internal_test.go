package testrun

import (
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// What may write through a connection the runner does not hold, and what
// may not.
func TestOtherConnections(t *testing.T) {
	for _, c := range []struct {
		src   string
		opens bool
	}{
		{"select tap.dblink_connect('second', 'dbname=x');", true},
		{"select dblink_exec('second', 'commit');", true},
		{"select * from pg_background_result(pg_background_launch('insert into t values (1)')) as (r text);", true},
		{"copy (select 1) to program 'psql -c \"insert into t values (1)\"';", true},
		{"COPY t FROM PROGRAM E'cat rows.csv';", true},
		{"select plan(1);\nselect pass('the program ran');\nselect * from finish();", false},
		{"insert into app.items (name) values ('a program');", false},
	} {
		if got := opensOtherConnections(c.src); got != c.opens {
			t.Errorf("%q: opens other connections = %v, want %v", c.src, got, c.opens)
		}
	}
}

// The functions of tests/setup that open connections of their own, through
// any depth of calls, and only those.
func TestConnectionHelpers(t *testing.T) {
	setup := map[string]string{
		"tests/setup/010_a.sql": `create function tests.open_second(name text) returns void language plpgsql as $$
begin
    perform tap.dblink_connect(name, 'dbname=x');
end
$$;
create or replace function tests.start_second(name text) returns void language sql as $$
    select tests.open_second(name)
$$;
create function tests.waiting(name text) returns int language sql as $$ select 1 $$;
`,
		"tests/setup/020_b.sql": "CREATE FUNCTION Tests.Via(n text) RETURNS void LANGUAGE sql AS $$ select tests.start_second(n) $$;\n" +
			"create function tests.reads_opening(n text) returns text language sql as $$ select 'tests.open_second is a name' $$;\n",
	}
	got := connectionHelpers(setup)
	want := []string{"tests.open_second", "tests.start_second", "tests.via"}
	if len(got) != len(want) {
		t.Fatalf("helpers = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("helpers = %v, want %v", got, want)
		}
	}
	found := map[string]bool{}
	for _, n := range got {
		found[n] = true
	}
	calls := namesRE(found)
	for src, opens := range map[string]bool{
		"select tests.start_second('s');":        true,
		"select TESTS.VIA ('s');":                true,
		"select tests.waiting('s');":             false,
		"-- tests.start_second_session is other": false,
	} {
		if calls.MatchString(src) != opens {
			t.Errorf("%q: calls a helper = %v, want %v", src, !opens, opens)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s     string
		words []string
		want  bool
	}{
		{"select DBLink_connect('x')", []string{"dblink"}, true},
		{"copy t from PROGRAM 'ls'", []string{"dblink", "program"}, true},
		{"select 1", []string{"dblink", "program"}, false},
		{"dblin", []string{"dblink"}, false},
		{"xx Tests.Start_In_Second_Session(", []string{"tests.open_second_session", "tests.start_in_second_session"}, true},
		{"", []string{"a"}, false},
		{"abc", nil, false},
		{"pPpPpProgra", []string{"program"}, false},
	} {
		if got := containsFold(c.s, c.words...); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.words, got, c.want)
		}
	}
}

// A kept session goes back to the worker that gave it back (worker 0's
// holds the lock suites' second sessions), any other when that worker's is
// gone; only the first generation's database has kept sessions.
func TestTakeIdleByWorker(t *testing.T) {
	mk := func(worker int) *fileConn {
		return &fileConn{conn: &pgconn.PgConn{}, sink: &atomic.Pointer[lockWatch]{}, worker: worker}
	}
	w0, w1 := mk(0), mk(1)
	e := &Env{idle: []*fileConn{w0, w1}, conns: map[*pgconn.PgConn]*fileConn{}}
	if got := e.takeIdle(1, 0); got != nil {
		t.Fatalf("a later generation took a kept session")
	}
	if got := e.takeIdle(0, 0); got != w0.conn {
		t.Fatalf("worker 0 did not get its own session back")
	}
	if got := e.takeIdle(0, 0); got != w1.conn {
		t.Fatalf("worker 0 did not get the other session once its own was taken")
	}
	if got := e.takeIdle(0, 1); got != nil {
		t.Fatalf("a session out of none")
	}
}
