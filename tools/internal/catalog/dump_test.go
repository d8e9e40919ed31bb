package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/catalog"
	"thick/tools/internal/pgtest"
)

func catalogOf(defs map[catalog.Key]string) *catalog.Catalog {
	c := &catalog.Catalog{Objects: map[catalog.Key]*catalog.Object{}}
	for k, def := range defs {
		c.Objects[k] = &catalog.Object{Key: k, Def: def}
	}
	return c
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func requireFile(t *testing.T, path, text string) {
	t.Helper()
	bs, err := os.ReadFile(path)
	require.NoError(t, err, path)
	require.Equal(t, text, string(bs), path)
}

// A dump never deletes a file it did not write: a directory holding files but
// no manifest of a previous dump is refused, untouched; a second dump replaces
// the first's files and removes those of objects gone, and nothing else.
func TestDumpRemovesOnlyItsOwnFiles(t *testing.T) {
	t.Parallel()

	// A project-like directory: refused, nothing deleted or written.
	proj := t.TempDir()
	foreign := filepath.Join(proj, "0_tables", "crm", "010_clients.sql")
	writeFile(t, foreign, "create table crm.clients ();\n")
	one := catalogOf(map[catalog.Key]string{key("app", "table", "items"): "create table app.items ();\n"})
	_, err := one.Dump(proj)
	require.ErrorContains(t, err, "holds no .thick-dump")
	requireFile(t, foreign, "create table crm.clients ();\n")
	require.NoFileExists(t, filepath.Join(proj, "app", "table", "items.sql"))
	require.NoFileExists(t, filepath.Join(proj, catalog.Manifest))

	// A new directory: written, with its manifest.
	dir := filepath.Join(t.TempDir(), "out")
	first := catalogOf(map[catalog.Key]string{
		key("app", "table", "items"):   "create table app.items ();\n",
		key("app", "view", "old_view"): "create view app.old_view as select 1;\n",
	})
	n, err := first.Dump(dir)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	requireFile(t, filepath.Join(dir, catalog.Manifest),
		"# thick dump: the files it wrote; the next dump removes those of objects gone\napp/table/items.sql\napp/view/old_view.sql\n")

	// Someone adds a file of their own, at a dump's depth and beside it.
	mine := filepath.Join(dir, "app", "view", "notes.sql")
	writeFile(t, mine, "-- mine\n")
	top := filepath.Join(dir, "README.sql")
	writeFile(t, top, "-- mine too\n")

	second := catalogOf(map[catalog.Key]string{
		key("app", "table", "items"):  "create table app.items (id int);\n",
		key("app", "function", "f()"): "create function app.f() ...;\n",
	})
	n, err = second.Dump(dir)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	requireFile(t, filepath.Join(dir, "app", "table", "items.sql"), "create table app.items (id int);\n")
	require.FileExists(t, filepath.Join(dir, "app", "function", second.Keys()[0].Path()[len("app/function/"):]))
	require.NoFileExists(t, filepath.Join(dir, "app", "view", "old_view.sql"), "the file of an object gone is removed")
	requireFile(t, mine, "-- mine\n")
	requireFile(t, top, "-- mine too\n")

	// A manifest that lists a path outside the dump's shape is refused.
	writeFile(t, filepath.Join(dir, catalog.Manifest), "../../etc/x.sql\n")
	_, err = second.Dump(dir)
	require.ErrorContains(t, err, "is not a file a dump writes")
	requireFile(t, mine, "-- mine\n")
}

// Names that a dump once wrote to one file ("a b" and a_b, a%2Fb and a/b,
// A and a on a file system that ignores case) get a file each, and a schema
// named ".." is written under DIR, not beside it.
func TestDumpNamesAreSafeAndUnique(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDB(t, "")
	_, err := pgtest.Connect(t, url).Exec(ctx, `
		create schema app;
		create table app."a b" (secret text);
		create table app.a_b (x int);
		create table app."a%2Fb" (y int);
		create table app."a/b" (z int);
		create table app."A_B" (w int);
		create schema "..";
		create table "..".evil (a int);
		create schema ".";
		create table ".".dot (a int);`)
	require.NoError(t, err)
	c := read(t, url)

	root := t.TempDir()
	dir := filepath.Join(root, "out")
	_, err = c.Dump(dir)
	require.NoError(t, err)

	paths := map[string]bool{}
	var defs []string
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() || d.Name() == catalog.Manifest {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		require.NoError(t, err)
		require.True(t, filepath.IsLocal(rel), "%s is written under DIR", p)
		lower := strings.ToLower(filepath.ToSlash(rel))
		require.False(t, paths[lower], "%s: one file per object, also where case is ignored", rel)
		paths[lower] = true
		bs, err := os.ReadFile(p)
		require.NoError(t, err)
		defs = append(defs, string(bs))
		return nil
	}))
	require.Len(t, paths, len(c.Objects), "every object has its file")
	all := strings.Join(defs, "\n")
	for _, col := range []string{"secret text", "x integer", "y integer", "z integer", "w integer"} {
		require.Contains(t, all, col)
	}
	for _, k := range []catalog.Key{key("..", "table", "evil"), key(".", "table", "dot"), key("app", "table", "a b")} {
		require.FileExists(t, filepath.Join(dir, filepath.FromSlash(k.Path())), "%s", k)
	}
	require.Equal(t, "%2E%2E/table/evil.sql", key("..", "table", "evil").Path())
	require.Equal(t, "app/table/a b.sql", key("app", "table", "a b").Path())
	require.Equal(t, "app/table/a%252%46b.sql", key("app", "table", "a%2Fb").Path())
	require.Equal(t, "app/materialized_view/m.sql", key("app", "materialized view", "m").Path())

	// Two dumps of the same database are byte-equal.
	again := filepath.Join(t.TempDir(), "out")
	_, err = read(t, url).Dump(again)
	require.NoError(t, err)
	requireSameTree(t, dir, again)
}
