package testrun

import "testing"

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
		if got := otherConnections.MatchString(c.src); got != c.opens {
			t.Errorf("%q: opens other connections = %v, want %v", c.src, got, c.opens)
		}
	}
}
