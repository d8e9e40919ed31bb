-- The core tables' check constraints at their boundaries, written straight
-- into the tables: core.enqueue never lets a caller choose max_attempts, so
-- no other suite ever hands the boundary to core.jobs itself, yet the table
-- is the last word on a rule whatever writes to it (a function, a migration,
-- an operator in psql). A strict bound (x > 0) refuses the boundary value
-- with the message naming the constraint (so that no other constraint can be
-- the one refusing).
--
-- Runs as the test superuser on a job of its own (core has no seed of its
-- own). Ordinary triggers (the queue's notify) would fire on a direct write
-- and are beside the point here: session_replication_role = replica switches
-- them off, and the foreign-key triggers with them, but never a check
-- constraint.
begin;
select plan(3);

set local session_replication_role = replica;

-- a pending job that has not been tried yet (attempt 0, so that attempt <=
-- max_attempts still holds at max_attempts = 0)
with job as (
    insert into core.jobs (queue, kind) values ('mailer', 'mailer.table_check') returning id
)
select set_config('t.job', job.id::text, true) from job;

-- jobs: max_attempts > 0
select throws_ok($$update core.jobs set max_attempts = 0 where id = current_setting('t.job')::bigint$$,
    '23514', 'new row for relation "jobs" violates check constraint "jobs_max_attempts_is_positive"',
    'a job allowed 0 attempts is refused: a job is tried at least once');
-- the control: the same row takes the smallest allowed value, one attempt
select lives_ok($$update core.jobs set max_attempts = 1 where id = current_setting('t.job')::bigint$$,
    'a job allowed exactly 1 attempt is accepted');
select is((select array[attempt, max_attempts] from core.jobs where id = current_setting('t.job')::bigint),
    array[0, 1], '... and the job now reads attempt 0 of at most 1');

select * from finish();
rollback;
