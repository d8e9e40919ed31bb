package build_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/marker"
	"thick/tools/internal/project"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestRebuildOrder(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	ctx := context.Background()
	step := func(name string) string {
		return fmt.Sprintf("insert into app.steps (name) values ('%s');\n", name)
	}
	files := map[string]string{
		"0_tables/000_schema.sql":    "create schema app;\ncreate table app.steps (id int generated always as identity, name text);\n" + step("0_tables/000_schema.sql"),
		"0_tables/core/010_a.sql":    step("0_tables/core/010_a.sql"),
		"0_tables/crm/001_a.sql":     step("0_tables/crm/001_a.sql"),
		"1_junctions/x.sql":          step("1_junctions/x.sql"),
		"3_functions/core/010_x.sql": step("3_functions/core/010_x.sql"),
		"3_functions/core/002_y.sql": step("3_functions/core/002_y.sql"),
		"3_functions/crm/a.sql":      step("3_functions/crm/a.sql"),
		"2_views/z.sql":              step("2_views/z.sql"),
		"8_seed/a.sql":               step("8_seed/a.sql"),
		"7_schedule/a.sql":           step("7_schedule/a.sql"),
		"7_schedule/b.sql":           "-- nothing scheduled yet\n",
	}
	p := writeProject(t, files)
	var out bytes.Buffer
	res, err := build.Rebuild(ctx, conn, p, build.Options{Stdout: &out})
	require.NoError(t, err)

	rows, err := conn.Query(ctx, "select name from app.steps order by id")
	require.NoError(t, err)
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{
		"0_tables/000_schema.sql",
		"0_tables/core/010_a.sql",
		"0_tables/crm/001_a.sql",
		"1_junctions/x.sql",
		"2_views/z.sql",
		"3_functions/core/002_y.sql",
		"3_functions/core/010_x.sql",
		"3_functions/crm/a.sql",
		"7_schedule/a.sql",
		"8_seed/a.sql",
	}, got)

	require.Equal(t, 11, res.Files)
	require.Equal(t, []string{"app"}, res.Schemas)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 7, out.String()) // 6 folders with files + total
	require.Regexp(t, `^0_tables\s+3 files\s+[0-9.]+ms$`, lines[0])
	require.Regexp(t, `^3_functions\s+3 files`, lines[3])
	require.Regexp(t, `^7_schedule\s+2 files`, lines[4])
	require.Regexp(t, `^total\s+11 files\s+[0-9.]+m?s$`, lines[6])

	m, err := marker.Read(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, marker.Development, m.Kind)
	require.Equal(t, []string{"app"}, m.Schemas)
	require.NotNil(t, m.BuiltAt)

	// Only some folders.
	res, err = build.Rebuild(ctx, conn, p, build.Options{Folders: []string{"0_tables", "8_seed"}})
	require.NoError(t, err)
	require.Equal(t, 4, res.Files)
	require.Equal(t, []string{"app"}, res.Dropped)
}

func TestRebuildSearchPathIsEmpty(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	p := writeProject(t, map[string]string{
		"0_tables/a.sql": "create schema app;\ncreate table app.t (a int);\n",
		"2_views/v.sql":  "create view app.v as\nselect a\nfrom t;\n",
	})
	_, err := build.Rebuild(context.Background(), conn, p, build.Options{})
	var se *build.SQLError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "42P01", se.Code)
	require.Equal(t, "2_views/v.sql:3:6: ERROR 42P01: relation \"t\" does not exist", se.Error())
}

func TestRebuildDropsPreviousSchemas(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	ctx := context.Background()
	p := writeProject(t, map[string]string{
		"0_tables/a.sql": "create schema app;\ncreate table app.t (a int);\ninsert into app.t values (1);\n",
		"2_views/a.sql":  "create schema app_api;\ncreate view app_api.v as select a from app.t;\n",
	})
	_, err := build.Rebuild(ctx, conn, p, build.Options{})
	require.NoError(t, err)
	_, err = build.Rebuild(ctx, conn, p, build.Options{})
	require.NoError(t, err, "a second build drops and recreates")
	// A schema the files no longer create is still dropped: the marker knows it.
	p2 := writeProject(t, map[string]string{
		"0_tables/a.sql": "create schema app;\ncreate table app.t (a int);\n",
	})
	res, err := build.Rebuild(ctx, conn, p2, build.Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"app", "app_api"}, res.Dropped)
	require.Equal(t, []string{"app"}, schemas(t, conn))
	var n int
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from app.t").Scan(&n))
	require.Zero(t, n)
}

func TestPreflightRefusesBeforeTouchingTheDatabase(t *testing.T) {
	t.Parallel()
	p := writeProject(t, map[string]string{
		"0_tables/a.sql":    "create schema app;\n",
		"3_functions/f.sql": "create function app.f() returns void language plpgsql as $$\nbegin\n  commit;\nend\n$$;\n",
		"8_seed/a.sql":      "begin;\n\\set x 1\nselect 1;\ncreate index concurrently i on app.t (a);\ncommit;\n",
	})
	// A nil connection: touching the database would panic.
	_, err := build.Rebuild(context.Background(), nil, p, build.Options{})
	var pe *project.PreflightError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, strings.Join([]string{
		`8_seed/a.sql:1: "begin": the build runs in one transaction; remove the transaction control`,
		`8_seed/a.sql:2: psql meta-command \set is not SQL; files must be plain SQL`,
		`8_seed/a.sql:4: "create index concurrently" cannot run inside a transaction block; use plain create index`,
		`8_seed/a.sql:5: "commit": the build runs in one transaction; remove the transaction control`,
	}, "\n"), err.Error())
}

// snapshot captures what a failed build must leave untouched: schemas,
// relations, functions, the rows of every table, test roles and the marker.
func snapshot(t *testing.T, conn *pgx.Conn, rolePrefix string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	q := func(sql string, args ...any) {
		rows, err := conn.Query(ctx, sql, args...)
		require.NoError(t, err)
		vals, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		fmt.Fprintf(&b, "%s\n", strings.Join(vals, "\n"))
	}
	q(`select nspname from pg_namespace order by 1`)
	q(`select c.oid::regclass::text || ' ' || c.relkind::text from pg_class as c
	   join pg_namespace as n on n.oid = c.relnamespace
	   where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') order by 1`)
	q(`select p.oid::regprocedure::text from pg_proc as p
	   join pg_namespace as n on n.oid = p.pronamespace
	   where n.nspname not in ('pg_catalog', 'information_schema') order by 1`)
	q(`select rolname from pg_roles where rolname like $1 || '%' order by 1`, rolePrefix)
	// Every row of every user table.
	rows, err := conn.Query(ctx, `select c.oid::regclass::text from pg_class as c
	   join pg_namespace as n on n.oid = c.relnamespace
	   where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') order by 1`)
	require.NoError(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	for _, tbl := range tables {
		q(fmt.Sprintf(`select t::text from %s as t order by 1`, tbl))
	}
	return b.String()
}

func schemas(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `select nspname from pg_namespace
	  where nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public', 'thick') order by 1`)
	require.NoError(t, err)
	s, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return s
}

func TestFailedRebuildRollsBackEverything(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, prior := range []bool{false, true} {
		t.Run(fmt.Sprintf("prior build %v", prior), func(t *testing.T) {
			t.Parallel()
			conn := newDB(t)
			role := fmt.Sprintf("thick_rb_%d_role", dbSeq.Add(1))
			files := map[string]string{
				"0_tables/core/000_schema.sql": "create schema core;\ncreate table core.things (id int primary key, name text not null);\n",
				"0_tables/core/010_role.sql": fmt.Sprintf(`do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = '%[1]s') then
    create role %[1]s nologin;
  end if;
end
$$;
`, role),
				"1_junctions/core/links.sql": "create table core.links (a int references core.things, b int references core.things);\n",
				"2_views/core/v.sql":         "create schema core_api;\ncreate view core_api.things as select id, name from core.things;\n",
				"3_functions/core/f.sql":     "create function core_api.add(id int, name text) returns void language sql as $$ insert into core.things values (id, name) $$;\n",
				"6_security/core.sql":        fmt.Sprintf("grant usage on schema core_api to %s;\n", role),
				"8_seed/core/010_things.sql": "select core_api.add(1, 'one');\nselect core_api.add(2, 'two');\n",
				"8_seed/core/020_more.sql":   "insert into core.things values (3, 'three');\n",
			}
			if prior {
				p := writeProject(t, files)
				_, err := build.Rebuild(ctx, conn, p, build.Options{})
				require.NoError(t, err)
			}
			before := snapshot(t, conn, role)
			kindBefore, err := marker.Check(ctx, conn)
			require.NoError(t, err)

			// Break a random file after the role, schemas and rows exist.
			later := []string{"2_views/core/v.sql", "3_functions/core/f.sql", "6_security/core.sql", "8_seed/core/010_things.sql", "8_seed/core/020_more.sql"}
			broken := later[rand.IntN(len(later))]
			files[broken] += "select 1/0;\n"
			p := writeProject(t, files)
			_, err = build.Rebuild(ctx, conn, p, build.Options{})
			var se *build.SQLError
			require.ErrorAs(t, err, &se)
			require.Equal(t, "22012", se.Code)
			require.Equal(t, broken, se.Path)

			require.Equal(t, before, snapshot(t, conn, role), "catalog, rows and roles after the failed build of %s", broken)
			kindAfter, err := marker.Check(ctx, conn)
			require.NoError(t, err)
			require.Equal(t, kindBefore, kindAfter)
			if !prior {
				require.Empty(t, kindAfter, "the marker written by the failed first build is rolled back too")
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := func(t *testing.T) *project.Project {
		return writeProject(t, map[string]string{"0_tables/a.sql": "create schema app;\ncreate table app.t (a int);\n"})
	}

	t.Run("unmarked non-empty", func(t *testing.T) {
		t.Parallel()
		conn := newDB(t)
		_, err := conn.Exec(ctx, "create schema precious; create table precious.data (x int); insert into precious.data values (42)")
		require.NoError(t, err)
		_, err = build.Rebuild(ctx, conn, p(t), build.Options{})
		var re *marker.RefusedError
		require.ErrorAs(t, err, &re)
		require.True(t, build.IsRefused(err))
		require.Contains(t, err.Error(), "--force-unmarked")
		require.Contains(t, err.Error(), "precious")
		kind, err := marker.Check(ctx, conn)
		require.NoError(t, err)
		require.Empty(t, kind)
		require.Equal(t, []string{"precious"}, schemas(t, conn), "nothing built")

		// Forced: marked development and built; the unrelated schema survives.
		_, err = build.Rebuild(ctx, conn, p(t), build.Options{ForceUnmarked: true})
		require.NoError(t, err)
		kind, err = marker.Check(ctx, conn)
		require.NoError(t, err)
		require.Equal(t, marker.Development, kind)
		require.Equal(t, []string{"app", "precious"}, schemas(t, conn))
	})

	t.Run("public with objects is not empty", func(t *testing.T) {
		t.Parallel()
		conn := newDB(t)
		_, err := conn.Exec(ctx, "create table public.x (a int)")
		require.NoError(t, err)
		_, err = build.Rebuild(ctx, conn, p(t), build.Options{})
		require.True(t, build.IsRefused(err), "%v", err)
		require.Contains(t, err.Error(), "public")
	})

	t.Run("production", func(t *testing.T) {
		t.Parallel()
		conn := newDB(t)
		require.NoError(t, marker.Set(ctx, conn, marker.Production))
		for _, force := range []bool{false, true} {
			_, err := build.Rebuild(ctx, conn, p(t), build.Options{ForceUnmarked: force})
			var re *marker.RefusedError
			require.ErrorAs(t, err, &re)
			require.Equal(t, marker.Production, re.Kind)
			require.Contains(t, err.Error(), "marked production")
		}
		require.Empty(t, schemas(t, conn))
		kind, err := marker.Check(ctx, conn)
		require.NoError(t, err)
		require.Equal(t, marker.Production, kind)
	})
}

// golden compares got with testdata/name.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	require.Equal(t, string(want), got)
}

const coreItems = `create schema core;

create table core.items (
  id int primary key,
  qty int not null
);
`

const addItem = `-- core.add_item: adds an item, refusing negative quantities.
create function core.add_item(qty int)
returns void
language plpgsql
as $$
begin
  if add_item.qty < 0 then
    raise exception 'qty must not be negative: %', add_item.qty
      using errcode = '22023', hint = 'pass zero or more';
  end if;
  insert into core.items (id, qty)
  values (1, add_item.qty);
end
$$;
`

func TestErrorPositions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		files map[string]string
	}{
		{"syntax_error", map[string]string{
			"0_tables/core/items.sql":   coreItems,
			"2_views/core/desserts.sql": "-- the menu\ncreate view core.desserts as\nselect 'crème brûlée' as name, qty frm core.items;\n",
		}},
		{"function_runtime_error_called_from_seed", map[string]string{
			"0_tables/core/items.sql":       coreItems,
			"3_functions/core/add_item.sql": addItem,
			"8_seed/core/items.sql":         "-- demo items\nselect core.add_item(1);\n\nselect core.add_item(-5);\n",
		}},
		{"last_line_without_newline", map[string]string{
			"0_tables/core/items.sql": coreItems,
			"8_seed/core/items.sql":   "insert into core.items (id, qty) values (1, 1);\ninsert into core.items (id, qty) values (1, 2);",
		}},
		{"syntax_error_at_end_of_last_line", map[string]string{
			"0_tables/core/items.sql": coreItems,
			"8_seed/core/items.sql":   "insert into core.items (id, qty) values (1, 1);\nselect 1 +",
		}},
		{"plpgsql_syntax_error_at_create", map[string]string{
			"0_tables/core/items.sql": coreItems,
			"3_functions/core/f.sql":  "create function core.f()\nreturns text\nlanguage plpgsql\nas $$\ndeclare\n  s text := 'ünïcödé';\nbegin\n  retrun s;\nend\n$$;\n",
		}},
		{"plpgsql_statement_error_column", map[string]string{
			"0_tables/core/items.sql":    coreItems,
			"3_functions/core/count.sql": "create function core.count_items()\nreturns bigint\nlanguage plpgsql\nstable\nas $body$\ndeclare\n  n bigint;\nbegin\n  select count(*)\n  into n\n  from core.itemz;\n  return n;\nend\n$body$;\n",
			"8_seed/core/check.sql":      "select core.count_items();\n",
		}},
		{"plpgsql_select_into_on_first_line", map[string]string{
			"0_tables/core/items.sql":    coreItems,
			"3_functions/core/count.sql": "create function core.count_items()\nreturns bigint\nlanguage plpgsql\nstable\nas $$\ndeclare\n  n bigint;\nbegin\n  select count(*) into n\n    from core.items\n   where nope = 1;\n  return n;\nend\n$$;\n",
			"8_seed/core/check.sql":      "select core.count_items();\n",
		}},
		{"caret_after_wide_characters", map[string]string{
			"0_tables/core/items.sql": coreItems,
			"2_views/core/menu.sql":   "create view core.menu as\nselect '寿司🍣' as dish, qty frm core.items;\n",
		}},
		{"sql_function_runtime_error", map[string]string{
			"0_tables/core/items.sql":    coreItems,
			"3_functions/core/ratio.sql": "-- core.ratio: items per unit\ncreate function core.ratio(d int)\nreturns bigint\nlanguage sql\nas $$\n  select count(*) from core.items;\n  select sum(qty) / ratio.d\n    from core.items;\n$$;\n",
			"8_seed/core/items.sql":      "insert into core.items values (1, 1);\nselect core.ratio(0);\n",
		}},
		{"do_block", map[string]string{
			"0_tables/core/items.sql": coreItems,
			"8_seed/core/check.sql":   "select 1;\ndo $$\nbegin\n  perform 1;\n  raise exception 'seed failed' using detail = 'in a do block';\nend\n$$;\n",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conn := newDB(t)
			p := writeProject(t, tc.files)
			_, err := build.Rebuild(context.Background(), conn, p, build.Options{})
			var se *build.SQLError
			require.ErrorAs(t, err, &se, "%v", err)
			golden(t, tc.name, se.Format(false))
			require.Contains(t, se.Format(true), "\x1b[", "coloured when asked")
		})
	}
}

func TestMapErrorWithoutStatementIndex(t *testing.T) {
	t.Parallel()
	conn := newDB(t)
	ctx := context.Background()
	p := writeProject(t, map[string]string{
		"0_tables/core/items.sql":       coreItems,
		"3_functions/core/add_item.sql": addItem,
	})
	_, err := build.Rebuild(ctx, conn, p, build.Options{})
	require.NoError(t, err)
	// A test file (not part of the build) calling a project function.
	src := "begin;\nselect core.add_item(-1);\nrollback;\n"
	_, err = build.ExecScript(ctx, conn.PgConn(), src)
	require.Error(t, err)
	_, _ = conn.Exec(ctx, "rollback")
	mapped := build.MapError(p, "tests/core/01_items.sql", src, err)
	var se *build.SQLError
	require.ErrorAs(t, mapped, &se)
	require.Equal(t, "3_functions/core/add_item.sql:8:5: ERROR 22023: qty must not be negative: -1", se.Error())
	require.Empty(t, se.CalledFrom, "statement unknown without the index")

	completed, err := build.ExecScript(ctx, conn.PgConn(), src)
	require.Equal(t, 1, completed)
	_, _ = conn.Exec(ctx, "rollback")
	mapped = build.MapErrorAt(p, "tests/core/01_items.sql", src, err, completed)
	require.ErrorAs(t, mapped, &se)
	require.Equal(t, "tests/core/01_items.sql:2:1", se.CalledFrom)
}
