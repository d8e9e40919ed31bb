package sqlsplit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func sqls(stmts []Statement) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = s.SQL
	}
	return out
}

func TestSplit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", nil},
		{"blanks and comments only", "  \n-- just a comment;\n/* and ; this */\n;;\n", nil},
		{"two statements", "select 1; select 2;", []string{"select 1", "select 2"}},
		{"no trailing semicolon", "select 1;\nselect 2\n", []string{"select 1", "select 2"}},
		{"standard string with doubled quote", "select 'a;''b'; select 2", []string{"select 'a;''b'", "select 2"}},
		{"standard string keeps backslash", `select 'a\'; select 2`, []string{`select 'a\'`, "select 2"}},
		{"escape string", `select E'a\';b'; select 2`, []string{`select E'a\';b'`, "select 2"}},
		{"lowercase escape string", `select e'\\'; select 2`, []string{`select e'\\'`, "select 2"}},
		{"identifier ending in e is not an escape prefix", `select some'x\'; select 2`, []string{`select some'x\'`, "select 2"}},
		{"quoted identifier", `select 1 as "a;""b"; select 2`, []string{`select 1 as "a;""b"`, "select 2"}},
		{"line comment", "select 1 -- no; split\n; select 2", []string{"select 1", "select 2"}},
		{"nested block comment", "select /* a /* b; */ c; */ 1; select 2", []string{"select /* a /* b; */ c; */ 1", "select 2"}},
		{"leading comment dropped", "-- header\n/* x */ select 1;", []string{"select 1"}},
		{"empty dollar quote", "do $$ begin perform 1; end $$; select 2", []string{"do $$ begin perform 1; end $$", "select 2"}},
		{"tagged dollar quote containing $$", "create function f() returns int language sql as $fn$ select $$;$$::int $fn$; select 2",
			[]string{"create function f() returns int language sql as $fn$ select $$;$$::int $fn$", "select 2"}},
		{"parameter is not a dollar quote", "select $1; select 2", []string{"select $1", "select 2"}},
		{"dollar inside identifier", "select a$b$ from t; select 2", []string{"select a$b$ from t", "select 2"}},
		{"parentheses", "create rule r as on insert to t do also (insert into u values (1); insert into v values (2)); select 2",
			[]string{"create rule r as on insert to t do also (insert into u values (1); insert into v values (2))", "select 2"}},
		{"begin atomic", "create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end; select 3",
			[]string{"create function f() returns int language sql begin atomic select 1; select case when true then 2 end; end", "select 3"}},
		{"begin atomic or replace procedure", "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC insert into t values (1); END; select 3",
			[]string{"CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC insert into t values (1); END", "select 3"}},
		{"plain begin is a statement", "begin; select 1; commit;", []string{"begin", "select 1", "commit"}},
		{"unterminated string runs to end", "select 'abc; select 2", []string{"select 'abc; select 2"}},
		{"unterminated dollar quote runs to end", "do $$ begin; select 2", []string{"do $$ begin; select 2"}},
		{"unterminated comment", "select 1; /* open ; select 2", []string{"select 1"}},
		{"trailing comment after last statement", "select 1;\n-- done\n", []string{"select 1"}},
		{"multibyte", "select 'é;ü'; select 'ß'", []string{"select 'é;ü'", "select 'ß'"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Split(tc.src)
			if tc.want == nil {
				require.Empty(t, got)
				return
			}
			require.Equal(t, tc.want, sqls(got))
			for _, s := range got {
				require.Equal(t, s.SQL, tc.src[s.Offset:s.Offset+len(s.SQL)], "offset must point at the statement")
			}
		})
	}
}

func TestSplitPositions(t *testing.T) {
	t.Parallel()
	src := "-- header\n\n  select 1;\n/* c */ insert into t\nvalues ('é');  select 'ü'; update t set x = 1"
	got := Split(src)
	require.Len(t, got, 4)
	want := [][2]int{{3, 3}, {4, 9}, {5, 16}, {5, 28}}
	for i, s := range got {
		require.Equal(t, want[i], [2]int{s.Line, s.Col}, "statement %d %q", i, s.SQL)
	}
}

func TestLineCol(t *testing.T) {
	t.Parallel()
	src := "ab\nçd\n\nxyz"
	cases := []struct {
		offset, line, col int
	}{
		{0, 1, 1},
		{1, 1, 2},
		{2, 1, 3}, // the newline itself
		{3, 2, 1},
		{5, 2, 2}, // after the two-byte ç
		{8, 4, 1},
		{10, 4, 3},
		{11, 4, 4},  // end
		{100, 4, 4}, // clamped
		{-1, 1, 1},
	}
	for _, tc := range cases {
		line, col := LineCol(src, tc.offset)
		require.Equal(t, [2]int{tc.line, tc.col}, [2]int{line, col}, "offset %d", tc.offset)
	}
}

func TestSpans(t *testing.T) {
	t.Parallel()
	src := "select 'a', E'\\'', \"q\" -- c\n/* b */ $x$ $$ $x$ $1"
	got := Spans(src)
	kinds := make([]Kind, len(got))
	for i, s := range got {
		kinds[i] = s.Kind
	}
	require.Equal(t, []Kind{String, EscapeString, QuotedIdent, LineComment, BlockComment, DollarQuote}, kinds)
	require.Equal(t, "$x$ $$ $x$", src[got[5].Start:got[5].End])
	require.Equal(t, "$x$", got[5].Tag)
	require.Equal(t, `E'\''`, src[got[1].Start:got[1].End])
}

func TestWords(t *testing.T) {
	t.Parallel()
	require.Equal(t, []string{"create", "index", "concurrently"}, Words("/* x */ CREATE -- y\n INDEX Concurrently i on t (a)", 3))
	require.Equal(t, []string{"select"}, Words("select 'begin', \"commit\"", 3))
	require.Empty(t, Words("-- nothing", 2))
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	table := "create table app.items (\n    id int primary key, -- the key\n    name text not null /* shown */\n);\ncomment on table app.items is 'The  items -- all';\n"
	require.Equal(t, "create table app.items(id int primary key,name text not null);"+
		"comment on table app.items is 'The  items -- all';", Normalize(table))
	// comments and layout alone: the same statements
	relaid := "-- items\ncreate table app.items (id int primary key,\n\tname text not null);\n\n" +
		"/* what the table is */ comment on table app.items is 'The  items -- all';"
	require.Equal(t, Normalize(table), Normalize(relaid))
	// what the server sees is kept: literals, quoted names, bodies (with their comments)
	for _, changed := range []string{
		strings.Replace(table, "'The  items", "'The items", 1),
		strings.Replace(table, "app.items (", `app."Items" (`, 1),
		strings.Replace(table, "not null", "null", 1),
		table + "create function app.f() returns int language sql as $$ select 1 -- one\n$$;\n",
	} {
		require.NotEqual(t, Normalize(table), Normalize(changed), changed)
	}
	body := "create function f() returns int as $$ select 1 -- one\n$$;"
	require.NotEqual(t, Normalize(body), Normalize(strings.Replace(body, "-- one", "-- two", 1)))
	// a comment between two tokens still parts them; none adds a space
	require.Equal(t, "select a b,1-2,x::int from t;", Normalize("select a/* x */b, 1 - 2, x :: int from t; -- end"))
	require.Equal(t, `select- -1,E'x',E 'x',"a" "b",'a' 'b';`, Normalize("select - -1, E'x', E 'x', \"a\" \"b\", 'a'\n'b';"))
	require.Equal(t, "", Normalize(" -- nothing\n/* at all */\n"))
}
