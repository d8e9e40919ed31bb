package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

// codeFolders are the folders of a build without the seed.
var codeFolders = project.Folders[:len(project.Folders)-1]

// buildTree builds the project's own files (0_tables..7_schedule) into a new
// database and returns its URL.
func buildTree(t *testing.T) string {
	t.Helper()
	p, err := project.Load(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	url := pgtest.NewDB(t, "")
	conn := pgtest.Connect(t, url)
	_, err = build.Rebuild(context.Background(), conn, p, build.Options{Folders: codeFolders, Record: true})
	require.NoError(t, err)
	return url
}

func read(t *testing.T, url string) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Read(context.Background(), pgtest.Connect(t, url))
	require.NoError(t, err)
	return c
}

func TestTwoBuildsReadEqualAndDumpStable(t *testing.T) {
	a, b := read(t, buildTree(t)), read(t, buildTree(t))
	require.Greater(t, len(a.Objects), 100, "the tree has objects")
	require.Empty(t, catalog.Diff(a, b, catalog.DiffOptions{}))

	// A few objects every kind of the tree must show, with the file behind them.
	for _, k := range []catalog.Key{
		key("core", "table", "users"),
		key("core", "function", "current_user_id()"),
		key("core", "trigger", "users.audit"),
		key("core", "policy", "users.users_select_reader"),
		key("crm_api", "view", "accounts"),
		key("crm_private", "materialized view", "report_funnel_mv"),
		key("crm_private", "index", "report_funnel_mv_key"),
		key("crm", "schema", "crm"),
	} {
		o := a.Objects[k]
		require.NotNil(t, o, "%s", k)
		require.NotEmpty(t, o.Files, "%s has a file", k)
	}
	require.Equal(t, "2_views/core/020_current_user_id.sql", a.Objects[key("core", "function", "current_user_id()")].Files[0])
	users := a.Objects[key("core", "table", "users")]
	require.Contains(t, users.Files, "6_security/core/core.sql", "the grants on core.users are attributed to the file that made them (a full build records them)")
	require.Contains(t, users.Def, "force row level security")

	d1, d2 := t.TempDir(), t.TempDir()
	n, err := a.Dump(d1)
	require.NoError(t, err)
	require.Equal(t, len(a.Objects), n)
	_, err = b.Dump(d2)
	require.NoError(t, err)
	requireSameTree(t, d1, d2)
}

// requireSameTree asserts that two directories hold the same files, byte for byte.
func requireSameTree(t *testing.T, a, b string) {
	t.Helper()
	files := func(dir string) map[string]string {
		out := map[string]string{}
		require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			require.NoError(t, err)
			if !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				bs, err := os.ReadFile(p)
				require.NoError(t, err)
				out[rel] = string(bs)
			}
			return nil
		}))
		return out
	}
	fa, fb := files(a), files(b)
	require.NotEmpty(t, fa)
	for k, v := range fa {
		require.Equal(t, v, fb[k], "%s", k)
	}
	require.Len(t, fb, len(fa))
}

func TestUnified(t *testing.T) {
	got := catalog.Unified("a\nb\nc\nd\n", "a\nB\nc\nd\n", 1)
	require.Equal(t, "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", got)
	require.Equal(t, "", catalog.Unified("x\n", "x\n", 2))
	require.True(t, strings.HasPrefix(catalog.Unified("", "new\n", 0), "@@"))
}

func key(schema, kind, name string) catalog.Key {
	return catalog.Key{Schema: schema, Kind: kind, Name: name}
}

// A column a migration added comes last; the files may have it elsewhere.
// The difference is reported (a row type depends on the order), with a note
// that says so; a genuine difference gets no such note.
func TestColumnOrderNote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	table := func(url, sql string) *catalog.Catalog {
		_, err := pgtest.Connect(t, url).Exec(ctx, "create schema app; "+sql)
		require.NoError(t, err)
		return read(t, url)
	}
	files := table(pgtest.NewDB(t, ""), "create table app.items (id int primary key, name text not null, added date);")
	migrated := table(pgtest.NewDB(t, ""), "create table app.items (id int primary key, added date, name text not null);")
	retyped := table(pgtest.NewDB(t, ""), "create table app.items (id int primary key, name text not null, added timestamptz);")

	diffs := catalog.Diff(files, migrated, catalog.DiffOptions{})
	require.Len(t, diffs, 1)
	require.Equal(t, catalog.Changed, diffs[0].Change)
	var out strings.Builder
	catalog.Print(&out, diffs)
	require.Contains(t, out.String(), "note: the same columns in another order.")

	diffs = catalog.Diff(files, retyped, catalog.DiffOptions{})
	require.Len(t, diffs, 1)
	out.Reset()
	catalog.Print(&out, diffs)
	require.NotContains(t, out.String(), "note:")
	require.False(t, catalog.ColumnOrderOnly(diffs[0].Want, diffs[0].Got))
}

// A rule on a table (one that silently swallows deletes) and an invalid
// index (what a failed create index concurrently leaves) are differences.
func TestTableRulesAndInvalidIndexesDiffer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	schema := "create schema app; create table app.desks (id int primary key, name text); create index desks_name on app.desks (name);"
	files := pgtest.NewDB(t, "")
	_, err := pgtest.Connect(t, files).Exec(ctx, schema)
	require.NoError(t, err)
	live := pgtest.NewDB(t, "")
	conn := pgtest.Connect(t, live)
	_, err = conn.Exec(ctx, schema)
	require.NoError(t, err)
	require.Empty(t, catalog.Diff(read(t, files), read(t, live), catalog.DiffOptions{}), "positive control: equal")

	_, err = conn.Exec(ctx, `create rule desks_never_deleted as on delete to app.desks do instead nothing;
		alter table app.desks disable rule desks_never_deleted;
		update pg_index set indisvalid = false where indexrelid = 'app.desks_name'::regclass`)
	require.NoError(t, err)
	diffs := catalog.Diff(read(t, files), read(t, live), catalog.DiffOptions{})
	require.Len(t, diffs, 2)
	var out strings.Builder
	catalog.Print(&out, diffs)
	require.Contains(t, out.String(), "changed table app.desks")
	require.Contains(t, out.String(), "+CREATE RULE desks_never_deleted AS")
	require.Contains(t, out.String(), "+alter table app.desks disable rule desks_never_deleted;")
	require.Contains(t, out.String(), "changed index app.desks_name")
	require.Contains(t, out.String(), "+-- invalid: not usable by queries")
}
