package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/db"
)

// Two processes given one worker name are told apart by their claims: the
// first one's lease expired and the second claimed the job again, under
// the same name; every query the first makes as holder, with its stale
// claim, acts on nothing, and the second's current claim acts.
func TestJobsStaleClaimOfTheSameNameActsOnNothing(t *testing.T) {
	t.Parallel()
	url := newDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := connect(t, url)
	first := connectWorker(t, url)
	second := connectWorker(t, url)

	var tenant string
	require.NoError(t, admin.QueryRow(ctx, `insert into core.tenants (app, name) values ('crm', 'Claim Tests') returning id::text`).Scan(&tenant))
	var id int64
	require.NoError(t, admin.QueryRow(ctx, `select core.enqueue('pdfgen.receipt', $1::jsonb, tenant_id => $2::uuid)`,
		`{"app": "crm", "subject_table": "crm.withdrawals", "subject_id": "6f1c1d1e-0000-4000-8000-0000000000d1"}`, tenant).Scan(&id))

	// the second process claims the job again once the first one's lease
	// expired (moved into the past, as a lease whose heartbeats stopped)
	claimAs := func(conn db.DBTX) db.JobsClaimRow {
		t.Helper()
		claimed, err := db.JobsClaim(ctx, conn, "pdfgen", "same", 1, time.Minute)
		require.NoError(t, err)
		require.Len(t, claimed, 1)
		require.Equal(t, id, claimed[0].ID)
		return claimed[0]
	}
	stale := claimAs(first)
	_, err := admin.Exec(ctx, `update core.jobs set locked_until = pg_catalog.now() - interval '1 second' where id = $1`, id)
	require.NoError(t, err)
	current := claimAs(second)
	require.Equal(t, 1, stale.Claim)
	require.Equal(t, 2, current.Claim)

	pdf := []byte("%PDF-1.3\nx\n%%EOF")
	_, err = db.DocumentsStore(ctx, first, id, "same", stale.Claim, "x.pdf", pdf)
	require.True(t, db.IsSQLState(err, "PT409"), "a document under the stale claim is PT409, got %v", err)
	held, err := db.JobsExtendLease(ctx, first, id, "same", stale.Claim, time.Hour)
	require.NoError(t, err)
	require.False(t, held, "the stale claim's heartbeat is refused")
	done, err := db.JobsComplete(ctx, first, id, "same", stale.Claim)
	require.NoError(t, err)
	require.False(t, done, "the stale claim completes nothing")
	many, err := db.JobsCompleteMany(ctx, first, []int64{id}, "same", []int{stale.Claim})
	require.NoError(t, err)
	require.Empty(t, many, "nor in a batch")
	_, held, err = db.JobsFail(ctx, first, id, "same", stale.Claim, "late")
	require.NoError(t, err)
	require.False(t, held, "nor fails it")
	held, err = db.JobsFailPermanently(ctx, first, id, "same", stale.Claim, "late")
	require.NoError(t, err)
	require.False(t, held, "nor fails it for good")
	held, err = db.JobsRelease(ctx, first, id, "same", stale.Claim)
	require.NoError(t, err)
	require.False(t, held, "nor gives it back")
	require.Equal(t, jobState{"running", 2}, jobStateOf(t, admin, id), "the job still runs under the current claim")

	_, err = db.DocumentsStore(ctx, second, id, "same", current.Claim, "x.pdf", pdf)
	require.NoError(t, err, "the current claim stores the document")
	held, err = db.JobsExtendLease(ctx, second, id, "same", current.Claim, time.Minute)
	require.NoError(t, err)
	require.True(t, held, "and extends its lease")
	done, err = db.JobsComplete(ctx, second, id, "same", current.Claim)
	require.NoError(t, err)
	require.True(t, done, "and completes the job")

	_, err = db.JobsCompleteMany(ctx, second, []int64{id}, "same", nil)
	require.True(t, db.IsSQLState(err, "22023"), "ids without their claims are 22023, got %v", err)
	_, err = db.JobsComplete(ctx, second, id, "same", 0)
	require.True(t, db.IsSQLState(err, "22023"), "claim 0 is 22023, got %v", err)
}
