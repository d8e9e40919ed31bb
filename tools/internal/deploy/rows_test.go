package deploy_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/deploy"
	"thick/tools/internal/pgtest"
)

// A migration that leaves a data file's rows as they were deploys without
// drift (the catalog sees no rows); CompareRows names the row the files
// insert and the database lacks, and the one only the previous files
// inserted, until the rows are what the files say.
func TestCompareRowsNamesWhatAMigrationForgot(t *testing.T) {
	t.Parallel()
	tr := copyTree(t)
	prev := tr.project()
	conn, _ := devBuild(t, prev)

	tr.edit("0_tables/crm/030_aml_rules.sql", "values (null, 15000, interval", "values (null, 10000, interval")
	tr.write(tr.migration(1, "forgot_the_threshold"), "select 1;\n")
	_, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err, "the catalog alone sees no drift")

	want, err := deploy.BuildFileRows(ctx, pgtest.NewDB(t, ""), tr.project(), nil)
	require.NoError(t, err)
	was, err := deploy.BuildFileRows(ctx, pgtest.NewDB(t, ""), prev, want.Columns)
	require.NoError(t, err)
	require.NotContains(t, want.Columns["crm.aml_rules"], "id", "an identity column differs from build to build")
	require.Contains(t, want.Rows, "crm.instruments")

	diffs, err := deploy.CompareRows(ctx, conn, want, was)
	require.NoError(t, err)
	require.Equal(t, []deploy.RowDifference{
		{Table: "crm.aml_rules", Row: `{"tenant_id": null, "threshold_eur": 10000, "window_length": "7 days"}`},
		{Table: "crm.aml_rules", Row: `{"tenant_id": null, "threshold_eur": 15000, "window_length": "7 days"}`, Stale: true},
	}, diffs)

	// 10000.00 is the file's 10000: rows compare as values, not as text
	_, err = conn.Exec(ctx, "update crm.aml_rules set threshold_eur = 10000.00 where tenant_id is null")
	require.NoError(t, err)
	diffs, err = deploy.CompareRows(ctx, conn, want, was)
	require.NoError(t, err)
	require.Empty(t, diffs)

	// a row the files insert, deleted: named
	_, err = conn.Exec(ctx, "delete from crm.status_transitions where from_status = 'lead' and to_status = 'registered'")
	require.NoError(t, err)
	diffs, err = deploy.CompareRows(ctx, conn, want, was)
	require.NoError(t, err)
	require.Len(t, diffs, 1)
	require.Equal(t, "crm.status_transitions", diffs[0].Table)
	require.False(t, diffs[0].Stale)
}
