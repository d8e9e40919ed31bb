-- Migration 0019: retries ride out an outage
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A transient failure (an SMTP relay restarting, connection refused, a
-- 4xx, a gateway 5xx or timeout) was retried 4 times, 2, 4, 8 and 16 s
-- apart: the job was dead about 30 s after an outage began. A job now has
-- 15 attempts; with core.fail_job's backoff (2^attempt s, at most 15
-- minutes) its retries span about an hour and a half (docs/jobs.md,
-- "Retries"). Jobs still to run get the new budget too; finished ones keep
-- theirs.
alter table core.jobs alter column max_attempts set default 15;
update core.jobs
   set max_attempts = 15
 where state in ('pending', 'running')
   and max_attempts = 5;
comment on column core.jobs.max_attempts is 'Attempts before a job that keeps failing is dead: 15, with core.fail_job''s backoff (2^attempt s, at most 15 minutes) about an hour and a half of retries, so that an outage of the SMTP relay or the SMS gateway is ridden out. A permanent failure is dead at once (core.fail_job_permanently).';
