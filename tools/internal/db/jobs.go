// Package db holds every query the Go side runs against the thick database,
// one function per query, named table first then action (JobsClaim). The
// database is an FFI layer: each function takes a context and a DBTX (a
// pool, a connection or a transaction, so several compose into one
// transaction), only the parameters its query needs, and returns its own
// row type holding only the columns it reads.
package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// DBTX is what a query needs: satisfied by *pgxpool.Pool, *pgx.Conn and
// pgx.Tx.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// JobsNotifyChannel is the channel core.jobs' insert trigger notifies, once
// per queue per transaction, at commit; the payload is the queue's name.
const JobsNotifyChannel = "core_jobs"

const jobsEnqueueSQL = `
select core.enqueue(
           kind       => $1,
           payload    => $2,
           run_at     => coalesce($3, pg_catalog.now()),
           dedupe_key => $4)
`

// JobsEnqueue queues a job of kind (queue.what, e.g. "mailer.welcome") in
// db's transaction: it exists, and the workers are woken, only if that
// transaction commits. runAt zero means now; a non-empty dedupeKey makes a
// second enqueue of the same kind and key return the first job. It returns
// the job's id. The database refuses an unknown kind with SQLSTATE 22023.
// Only the database's owner (and definer functions) may enqueue.
func JobsEnqueue(ctx context.Context, db DBTX, kind string, payload json.RawMessage, runAt time.Time, dedupeKey string) (int64, error) {
	if payload == nil {
		payload = json.RawMessage(`{}`)
	}
	at := pgtype.Timestamptz{Time: runAt, Valid: !runAt.IsZero()}
	key := pgtype.Text{String: dedupeKey, Valid: dedupeKey != ""}
	var id int64
	if err := db.QueryRow(ctx, jobsEnqueueSQL, kind, string(payload), at, key).Scan(&id); err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return id, nil
}

const jobsClaimSQL = `
select jobs.id,
       jobs.kind,
       jobs.payload,
       jobs.attempt,
       jobs.max_attempts,
       jobs.locked_until,
       jobs.claims
from core.claim_jobs(
         queue  => $1,
         worker => $2,
         n      => $3,
         lease  => $4) as jobs
order by jobs.run_at, jobs.id
`

// JobsClaimRow is one job claimed by JobsClaim.
type JobsClaimRow struct {
	ID      int64
	Kind    string
	Payload json.RawMessage
	// Attempt counts this claim (1 on the first).
	Attempt     int
	MaxAttempts int
	// LockedUntil is the end of the lease: finish (JobsComplete or
	// JobsFail) before it, or another worker may claim the job.
	LockedUntil time.Time
	// Claim names this claim of the job (core.jobs.claims): every query
	// made as the job's holder passes it with the worker's name, and acts
	// only while the job runs under this very claim. Unlike Attempt it is
	// never given back (a release) nor reset (core.revive_job).
	Claim int
}

// JobsClaim claims up to n runnable jobs of queue for worker under a lease
// (FOR UPDATE SKIP LOCKED: concurrent workers never get the same job), jobs
// whose previous holder's lease expired included, each with its Claim. No job is not an error:
// the result is empty. Worker role only (SQLSTATE 42501 for others); n must
// be 1..1000 and lease positive (22023).
func JobsClaim(ctx context.Context, db DBTX, queue, worker string, n int, lease time.Duration) ([]JobsClaimRow, error) {
	rows, err := db.Query(ctx, jobsClaimSQL, queue, worker, n, lease)
	if err != nil {
		return nil, fmt.Errorf("claim %s jobs: %w", queue, err)
	}
	jobs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (JobsClaimRow, error) {
		var j JobsClaimRow
		var payload []byte
		err := row.Scan(&j.ID, &j.Kind, &payload, &j.Attempt, &j.MaxAttempts, &j.LockedUntil, &j.Claim)
		j.Payload = json.RawMessage(payload)
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim %s jobs: %w", queue, err)
	}
	return jobs, nil
}

const jobsCompleteSQL = `
select core.complete_job(
           job_id => $1,
           worker => $2,
           claim  => $3)
`

// JobsComplete marks job id, held by worker under claim (JobsClaimRow.Claim),
// as done. It reports false when worker no longer holds the job under that
// claim (its lease expired and another worker, or another process of the
// same name, claimed it, or it was already finished): the work must then be
// considered not recorded. A claim below 1 is SQLSTATE 22023.
func JobsComplete(ctx context.Context, db DBTX, id int64, worker string, claim int) (bool, error) {
	var done bool
	if err := db.QueryRow(ctx, jobsCompleteSQL, id, worker, claim).Scan(&done); err != nil {
		return false, fmt.Errorf("complete job %d: %w", id, err)
	}
	return done, nil
}

const jobsFailSQL = `
select core.fail_job(
           job_id => $1,
           worker => $2,
           claim  => $3,
           error  => $4)
`

// Job states after JobsFail.
const (
	JobPending = "pending" // to be retried after a backoff of 2^attempt seconds (at most 15 minutes)
	JobDead    = "dead"    // its last attempt failed
)

// JobsFail records a failed attempt of job id, held by worker under claim,
// with the error's text: the job is retried after a backoff or, on its last
// attempt, dead. It returns the new state (JobPending or JobDead), and held
// false (state "") when worker no longer holds the job under that claim.
func JobsFail(ctx context.Context, db DBTX, id int64, worker string, claim int, errText string) (state string, held bool, err error) {
	var s pgtype.Text
	if err := db.QueryRow(ctx, jobsFailSQL, id, worker, claim, errText).Scan(&s); err != nil {
		return "", false, fmt.Errorf("fail job %d: %w", id, err)
	}
	return s.String, s.Valid, nil
}

// IsSQLState reports whether err carries a PostgreSQL error of SQLSTATE code.
func IsSQLState(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}

const jobsExtendLeaseSQL = `
select core.extend_job_lease(
           job_id => $1,
           worker => $2,
           claim  => $3,
           lease  => $4)
`

// JobsExtendLease is the heartbeat of a long job: the lease of job id, held
// by worker under claim, now ends lease from now. It reports false when
// worker no longer holds the job under that claim (it should stop working on
// it). A non-positive lease or claim is SQLSTATE 22023.
func JobsExtendLease(ctx context.Context, db DBTX, id int64, worker string, claim int, lease time.Duration) (bool, error) {
	var held bool
	if err := db.QueryRow(ctx, jobsExtendLeaseSQL, id, worker, claim, lease).Scan(&held); err != nil {
		return false, fmt.Errorf("extend lease of job %d: %w", id, err)
	}
	return held, nil
}

const jobsReleaseSQL = `
select core.release_job(
           job_id => $1,
           worker => $2,
           claim  => $3)
`

// JobsRelease gives job id, held by worker under claim, back to the queue
// without spending an attempt (a worker shutting down before it ran the
// job). It reports false when worker no longer holds the job under that
// claim (a release retried after its answer was lost reports false: the job's
// next claim is another one).
func JobsRelease(ctx context.Context, db DBTX, id int64, worker string, claim int) (bool, error) {
	var released bool
	if err := db.QueryRow(ctx, jobsReleaseSQL, id, worker, claim).Scan(&released); err != nil {
		return false, fmt.Errorf("release job %d: %w", id, err)
	}
	return released, nil
}

const jobsFailPermanentlySQL = `
select core.fail_job_permanently(
           job_id => $1,
           worker => $2,
           claim  => $3,
           error  => $4)
`

// JobsFailPermanently records a failure that no retry can cure (an SMTP
// 5xx, a gateway's 4xx, a payload that cannot be rendered): job id, held by
// worker under claim, is dead at once with the error's text. It reports
// false when worker no longer holds the job under that claim.
func JobsFailPermanently(ctx context.Context, db DBTX, id int64, worker string, claim int, errText string) (bool, error) {
	var dead bool
	if err := db.QueryRow(ctx, jobsFailPermanentlySQL, id, worker, claim, errText).Scan(&dead); err != nil {
		return false, fmt.Errorf("fail job %d permanently: %w", id, err)
	}
	return dead, nil
}

const jobsCompleteManySQL = `
select done.id
from core.complete_jobs(
         job_ids => $1,
         worker  => $2,
         claims  => $3) as done (id)
`

// JobsCompleteMany marks the jobs ids that worker holds as done in one
// statement, claims[i] being the claim under which it holds ids[i], and
// returns the ids it completed; an id missing from the result was no longer
// held under its claim (see JobsComplete). ids and claims of different
// lengths are SQLSTATE 22023.
func JobsCompleteMany(ctx context.Context, db DBTX, ids []int64, worker string, claims []int) ([]int64, error) {
	rows, err := db.Query(ctx, jobsCompleteManySQL, ids, worker, claims)
	if err != nil {
		return nil, fmt.Errorf("complete %d jobs: %w", len(ids), err)
	}
	done, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("complete %d jobs: %w", len(ids), err)
	}
	return done, nil
}
