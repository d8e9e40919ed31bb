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
	// a row referencing a row by a uuid of a random default: its value
	// differs from build to build as the uuid does, and is not compared
	tr.write("0_tables/crm/999_rows_probe.sql", `create table crm.rows_parent (id uuid primary key default gen_random_uuid(), code text unique not null);
create table crm.rows_child (parent_id uuid not null references crm.rows_parent (id), level int not null, since date not null default current_date);
insert into crm.rows_parent (code) values ('a'), ('b');
insert into crm.rows_child (parent_id, level) select id, 1 from crm.rows_parent where code = 'a';
`)
	prev := tr.project()
	conn, _ := devBuild(t, prev)

	tr.edit("0_tables/crm/030_aml_rules.sql", "values (null, 15000, interval", "values (null, 10000, interval")
	tr.write(tr.migration(1, "forgot_the_threshold"), "select 1;\n")
	_, err := deploy.Deploy(ctx, conn, tr.project(), deploy.Options{Reference: refIn(t), Migrations: tr.migrations()})
	require.NoError(t, err, "the catalog alone sees no drift")

	want, err := deploy.BuildFileRows(ctx, pgtest.NewDB(t, ""), tr.project(), nil)
	require.NoError(t, err)
	was, err := deploy.BuildFileRows(ctx, pgtest.NewDB(t, ""), prev, want)
	require.NoError(t, err)
	require.NotContains(t, want.Columns["crm.aml_rules"], "id", "an identity column differs from build to build")
	require.Contains(t, want.Rows, "crm.instruments")
	require.Equal(t, []string{"level"}, want.Columns["crm.rows_child"])
	require.Equal(t, []string{"since (default CURRENT_DATE)", "parent_id (references crm.rows_parent.id)"}, want.Skipped["crm.rows_child"])
	require.Equal(t, []string{"id (default gen_random_uuid())"}, want.Skipped["crm.rows_parent"])
	// tenant_id references core.tenants' random uuid, but a global rule's
	// is null, the same in every build: compared, not listed
	require.Equal(t, []string{"tenant_id"}, want.NullOnly["crm.aml_rules"])
	require.Equal(t, []string{"id (identity)"}, want.Skipped["crm.aml_rules"])

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
