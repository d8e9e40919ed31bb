package deploy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/catalog"
	"thick/tools/internal/deploy"
	"thick/tools/internal/project"
)

// A migration is identified by its number: an applied migration renamed
// (or removed) is refused like an edited one, and nothing runs; renamed, it
// would otherwise run a second time.
func TestRenamedOrMissingAppliedMigrationIsRefused(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	conn, _ := devBuild(t, tr.project())
	applied := tr.migration(1, "tenant_name_suffix")
	tr.write(applied, "update core.tenants set name = name || ' Ltd';\n")
	res, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Base(applied)}, res.Applied)

	beforeRows := rows(t, conn)
	beforeCat := readCatalog(t, conn)
	recorded := func() []string {
		return rowsOf(t, conn, `select name || ' ' || sha256 || ' ' || applied from thick.migrations order by name`)
	}
	beforeMigs := recorded()
	unchanged := func() {
		t.Helper()
		require.Equal(t, beforeRows, rows(t, conn), "rows as before")
		require.Empty(t, catalog.Diff(beforeCat, readCatalog(t, conn), catalog.DiffOptions{}), "catalog as before")
		require.Equal(t, beforeMigs, recorded(), "thick.migrations as before")
	}

	// Renamed: refused, naming both names.
	renamed := tr.migration(1, "tenant_names_get_ltd")
	require.NoError(t, os.Rename(filepath.Join(tr.root, applied), filepath.Join(tr.root, renamed)))
	tr.write(tr.migration(2, "later"), "alter table crm.desks add column note text;\n")
	_, err = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	var refused *deploy.EditedError
	require.ErrorAs(t, err, &refused)
	require.Equal(t, []string{filepath.Base(applied) + " -> " + renamed}, refused.Renamed)
	require.Empty(t, refused.Names)
	require.Empty(t, refused.Missing)
	require.Contains(t, err.Error(), "Nothing was applied")
	unchanged()

	// Removed: refused, naming it.
	require.NoError(t, os.Remove(filepath.Join(tr.root, renamed)))
	_, err = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.ErrorAs(t, err, &refused)
	require.Equal(t, []string{filepath.Base(applied)}, refused.Missing)
	require.Empty(t, refused.Renamed)
	unchanged()
}

// A migration file without its number, or with another's, is refused.
func TestMigrationNamesCarryUniqueNumbers(t *testing.T) {
	t.Parallel()
	for name, files := range map[string][]string{
		"no number":  {"0001_a.sql", "tenant_fix.sql"},
		"one number": {"0001_a.sql", "0001_b.sql"},
	} {
		root := t.TempDir()
		for _, f := range files {
			p := filepath.Join(root, deploy.MigrationsDir, f)
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, []byte("select 1;\n"), 0o644))
		}
		_, err := deploy.LoadMigrations(root)
		var pe *project.PreflightError
		require.ErrorAs(t, err, &pe, name)
		require.Len(t, pe.Problems, 1, name)
		require.Contains(t, pe.Problems[0].Message, "identified by its number", name)
	}
}

// rowsOf returns the one text column of sql's rows.
func rowsOf(t *testing.T, conn *pgx.Conn, sql string) []string {
	t.Helper()
	r, err := conn.Query(ctx, sql)
	require.NoError(t, err)
	out, err := pgx.CollectRows(r, pgx.RowTo[string])
	require.NoError(t, err)
	return out
}

// A rule row changed in 0_tables without a migration would deploy as "no
// drift" (the verification compares catalogs, not rows) and production
// would keep the old rule: the deploy refuses a changed data file when no
// migration is pending, and deploys it with the migration. A file whose
// comments or layout alone changed needs none.
func TestChangedDataFileNeedsAMigration(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	conn, _ := devBuild(t, tr.project())
	threshold := func() string {
		return rowsOf(t, conn, `select threshold_eur::text from crm.aml_rules where tenant_id is null`)[0]
	}
	require.Equal(t, "15000", threshold())
	beforeCat := readCatalog(t, conn)

	// its comments and layout edited: nothing a live database holds
	// changed, no migration needed
	tr.edit("0_tables/crm/030_aml_rules.sql", "values (null, 15000, interval", "-- the global rule\n    values (null,   15000, interval")
	_, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err)
	require.Equal(t, "15000", threshold())

	tr.edit("0_tables/crm/030_aml_rules.sql", "values (null,   15000, interval", "values (null, 10000, interval")
	_, err = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	var refused *deploy.RefusedError
	require.ErrorAs(t, err, &refused)
	require.Contains(t, err.Error(), "data files changed since this database was last built or deployed, with no pending migration: 0_tables/crm/030_aml_rules.sql.")
	require.Equal(t, "15000", threshold())
	require.Empty(t, catalog.Diff(beforeCat, readCatalog(t, conn), catalog.DiffOptions{}), "catalog as before")

	tr.write(tr.migration(1, "aml_threshold"), "update crm.aml_rules set threshold_eur = 10000 where tenant_id is null;\n")
	res, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Base(tr.migration(1, "aml_threshold"))}, res.Applied)
	require.Equal(t, "10000", threshold())

	// Deployed: the file's new checksum is recorded, the next deploy passes.
	_, err = deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err)
}
