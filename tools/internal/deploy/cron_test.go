package deploy_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/catalog"
	"thick/tools/internal/deploy"
	"thick/tools/internal/pgcluster"
)

// TestCronJobsDeployedAndVerified deploys into the database pg_cron runs in,
// verified against the default reference (a throwaway cluster of its own,
// pg_cron included), and requires a changed or missing schedule reported.
func TestCronJobsDeployedAndVerified(t *testing.T) {
	t.Parallel()
	if !pgcluster.HasLibrary("pg_cron") {
		t.Fatal("pg_cron is not installed: run `make deps`")
	}
	const db = "app"
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Database: db, CronDatabase: db})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(ctx) })
	conn, err := pgx.Connect(ctx, c.URL(db))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(ctx) })

	tr := copyTree(t)
	p := tr.project()
	res, err := deploy.Deploy(ctx, conn, p, deploy.Options{})
	require.NoError(t, err)
	require.True(t, res.Fresh)
	require.Greater(t, count(t, conn, `select count(*) from cron.job where jobname like 'thick:%'`), 1)

	ref, err := deploy.BuildReference(ctx, c.URL("postgres"), p, 0) // pg_cron is not in this one
	require.NoError(t, err)
	require.Empty(t, ref.Objects[key("cron", "job", "thick:core.purge_jobs")], "positive control: no pg_cron, no jobs")

	// Against the default reference: no drift, then a changed and a missing job.
	diffs, err := deploy.Verify(ctx, conn, p, deploy.LocalReference(nil), catalog.DiffOptions{})
	require.NoError(t, err)
	require.Empty(t, diffs)
	_, err = conn.Exec(ctx, `select cron.schedule('thick:core.purge_jobs', '0 4 * * *', 'select core.purge_jobs(interval ''7 days'')');
		select cron.unschedule('thick:crm.refresh_reports')`)
	require.NoError(t, err)
	diffs, err = deploy.Verify(ctx, conn, p, deploy.LocalReference(nil), catalog.DiffOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"changed job cron.thick:core.purge_jobs", "missing job cron.thick:crm.refresh_reports"}, keys(diffs))
	require.Contains(t, diffs[0].Files, "7_schedule/core/jobs_retention.sql")
	require.Contains(t, diffs[1].Files, "7_schedule/crm/reports.sql")
}
