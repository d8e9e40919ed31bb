-- Migration 0020: jobs claim token
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A worker's hold on a running job was checked by (job id, worker name)
-- only: two processes given the same WORKER_NAME could both run a job and
-- record its outcome. core.jobs.claims counts the claims of a job (never
-- taken back, unlike attempt, which release_job gives back and revive_job
-- resets): every function a holder calls now takes the claim it got and
-- acts only under that very claim. Existing rows start at 0, a claim no
-- worker holds: jobs running at deploy were claimed by the previous
-- release's workers, whose calls the new functions no longer accept; their
-- leases expire and the new workers claim them (claims 1).
alter table core.jobs add column claims int not null default 0;
alter table core.jobs add constraint jobs_claims_not_negative check (claims >= 0);
comment on column core.jobs.claims is 'How many times the job was claimed: core.claim_jobs adds one on every claim and nothing takes one off (core.release_job gives the attempt back, core.revive_job resets it, neither touches claims), so a running job''s (id, claims) names its current claim exactly. The worker passes the claims it got from core.claim_jobs to every function it calls as the job''s holder; a stale claim (another process of the same worker name took the job over after the lease expired) acts on nothing.';
