package deploy_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/deploy"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, pgtest.CreateProjectRoles(filepath.Join("..", "..", ".."))))
}

var ctx = context.Background()

// tree is a copy of the project's folders under a temporary root.
type tree struct {
	t    *testing.T
	root string
	// last is the number of the project's own last migration (0 when it
	// has none): a test's migrations come after it
	last int
}

// migration names the n-th migration a test adds: migrations/NNNN_name.sql,
// numbered after the project's own.
func (tr *tree) migration(n int, name string) string {
	return fmt.Sprintf("%s/%04d_%s.sql", deploy.MigrationsDir, tr.last+n, name)
}

// copyTree copies the project's SQL folders (and migrations/, when there is
// one) to a temporary root.
func copyTree(t *testing.T) *tree {
	t.Helper()
	src := filepath.Join("..", "..", "..")
	dst := t.TempDir()
	for _, folder := range append(project.Folders, deploy.MigrationsDir) {
		err := filepath.WalkDir(filepath.Join(src, folder), func(p string, d os.DirEntry, err error) error {
			if os.IsNotExist(err) && p == filepath.Join(src, folder) {
				return filepath.SkipDir
			}
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		require.NoError(t, err)
	}
	tr := &tree{t: t, root: dst}
	own, err := filepath.Glob(filepath.Join(dst, deploy.MigrationsDir, "[0-9][0-9][0-9][0-9]_*.sql"))
	require.NoError(t, err)
	for _, f := range own {
		n, err := strconv.Atoi(filepath.Base(f)[:4])
		require.NoError(t, err)
		tr.last = max(tr.last, n)
	}
	return tr
}

// edit replaces old by new in a file once, failing when old is not there.
func (tr *tree) edit(rel, old, new string) {
	tr.t.Helper()
	p := filepath.Join(tr.root, rel)
	b, err := os.ReadFile(p)
	require.NoError(tr.t, err)
	require.Contains(tr.t, string(b), old, "%s", rel)
	require.NoError(tr.t, os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
}

func (tr *tree) write(rel, content string) {
	tr.t.Helper()
	p := filepath.Join(tr.root, rel)
	require.NoError(tr.t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(tr.t, os.WriteFile(p, []byte(content), 0o644))
}

func (tr *tree) project() *project.Project {
	tr.t.Helper()
	p, err := project.Load(tr.root)
	require.NoError(tr.t, err)
	return p
}

func (tr *tree) migrations() []deploy.Migration {
	tr.t.Helper()
	m, err := deploy.LoadMigrations(tr.root)
	require.NoError(tr.t, err)
	return m
}

// refIn builds references into fresh databases of the test cluster.
func refIn(t *testing.T) deploy.Reference {
	return func(ctx context.Context, p *project.Project, major int) (*catalog.Catalog, error) {
		return deploy.BuildReference(ctx, pgtest.NewDB(t, ""), p, major)
	}
}

// devBuild rebuilds p with its seed into a new database, as `thick rebuild` does.
func devBuild(t *testing.T, p *project.Project) (*pgx.Conn, string) {
	t.Helper()
	url := pgtest.NewDB(t, "")
	conn := pgtest.Connect(t, url)
	_, err := build.Rebuild(ctx, conn, p, build.Options{Record: true})
	require.NoError(t, err)
	// the release these files are contains their migrations, as a database
	// a deploy built would record them
	migs, err := deploy.LoadMigrations(p.Root)
	require.NoError(t, err)
	require.NoError(t, deploy.RecordContained(ctx, conn, migs))
	return conn, url
}

func readCatalog(t *testing.T, db catalog.DBTX) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Read(ctx, db)
	require.NoError(t, err)
	return c
}

// rows returns every row of every table of the data schemas, as text, by table.
func rows(t *testing.T, conn *pgx.Conn) map[string][]string {
	t.Helper()
	r, err := conn.Query(ctx, `
		select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind = 'r' and n.nspname in (select unnest(schemas) from thick.marker)
		order by 1`)
	require.NoError(t, err)
	tables, err := pgx.CollectRows(r, pgx.RowTo[string])
	require.NoError(t, err)
	out := map[string][]string{}
	for _, tb := range tables {
		r, err := conn.Query(ctx, "select t::text from "+tb+" as t order by 1")
		require.NoError(t, err)
		vals, err := pgx.CollectRows(r, pgx.RowTo[string])
		require.NoError(t, err)
		out[tb] = vals
	}
	return out
}

func count(t *testing.T, conn *pgx.Conn, sql string) int {
	t.Helper()
	var n int
	require.NoError(t, conn.QueryRow(ctx, sql).Scan(&n))
	return n
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

// migrationRows counts the migrations a deploy applied (not those recorded
// as contained), 0 when thick.migrations does not exist.
func migrationRows(t *testing.T, conn *pgx.Conn) int {
	t.Helper()
	if count(t, conn, `select count(*) from pg_class where oid = to_regclass('thick.migrations')`) == 0 {
		return 0
	}
	return count(t, conn, `select count(*) from thick.migrations where applied`)
}
