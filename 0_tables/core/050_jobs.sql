create table core.jobs (
    id bigint generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    queue text not null,
    kind text not null,
    payload jsonb not null default '{}',
    state text not null default 'pending',
    attempt int not null default 0,
    max_attempts int not null default 15,
    run_at timestamptz not null default now(),
    locked_by text,
    locked_until timestamptz,
    last_error text,
    dedupe_key text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    claims int not null default 0,
    constraint jobs_queue_is_known check (queue in ('mailer', 'pdfgen', 'sms')),
    constraint jobs_kind_names_its_queue check (kind like queue || '.%'),
    constraint jobs_state_is_known check (state in ('pending', 'running', 'done', 'dead')),
    constraint jobs_attempt_in_range check (attempt >= 0 and attempt <= max_attempts),
    constraint jobs_max_attempts_is_positive check (max_attempts > 0),
    constraint jobs_claims_not_negative check (claims >= 0),
    constraint jobs_running_has_lease check (state <> 'running' or (locked_by is not null and locked_until is not null)),
    constraint jobs_finished_when_final check ((state in ('done', 'dead')) = (finished_at is not null))
);
create index jobs_claimable_idx on core.jobs (queue, run_at, id) where state = 'pending';
create index jobs_leased_idx on core.jobs (queue, locked_until) where state = 'running';
create index jobs_finished_at_idx on core.jobs (finished_at) where state in ('done', 'dead');
create unique index jobs_kind_dedupe_key_key on core.jobs (kind, dedupe_key) where dedupe_key is not null;
comment on table core.jobs is 'The outbox the workers read: business functions enqueue (core.enqueue) in the same transaction as the change; workers claim under a lease with FOR UPDATE SKIP LOCKED, then complete or fail (retry with backoff, dead after max_attempts).';
comment on column core.jobs.kind is 'queue.what, e.g. mailer.welcome, pdfgen.withdrawal_receipt, sms.sent_home; the part before the dot is the queue.';
comment on column core.jobs.locked_until is 'End of the running worker''s lease; past it the job may be claimed again by another worker.';
comment on column core.jobs.max_attempts is 'Attempts before a job that keeps failing is dead: 15, with core.fail_job''s backoff (2^attempt s, at most 15 minutes) about an hour and a half of retries, so that an outage of the SMTP relay or the SMS gateway is ridden out. A permanent failure is dead at once (core.fail_job_permanently).';
comment on column core.jobs.claims is 'How many times the job was claimed: core.claim_jobs adds one on every claim and nothing takes one off (core.release_job gives the attempt back, core.revive_job resets it, neither touches claims), so a running job''s (id, claims) names its current claim exactly. The worker passes the claims it got from core.claim_jobs to every function it calls as the job''s holder; a stale claim (another process of the same worker name took the job over after the lease expired) acts on nothing.';
comment on column core.jobs.dedupe_key is 'Enqueueing the same kind with the same key twice keeps one job.';
