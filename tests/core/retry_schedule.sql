-- The retry schedule of a job that keeps failing transiently (core.fail_job):
-- 15 attempts by default, 2^attempt s apart, at most 15 minutes, so that an
-- outage of an hour of the SMTP relay or the SMS gateway is ridden out
-- (review finding 3: the budget was 5 attempts, about 30 s); a permanent
-- failure is still dead at once.
--
-- Every kind below is this suite's own (mailer.tap_retry_*).
begin;
select plan(9);

select col_default_is('core', 'jobs', 'max_attempts', '15', 'a job has 15 attempts by default');

-- the delays: fail the job on each attempt in turn, as a worker whose
-- relay is down would (claimed, then failed), and record each backoff
create temporary table delays (attempt int, delay interval, state text);
do $$
declare
    job bigint := core.enqueue('mailer.tap_retry_outage', '{}', '2000-01-01');
    new_state text;
    n int := 0;
begin
    loop
        n := n + 1;
        update core.jobs as jobs
           set state = 'running', attempt = n, claims = n, locked_by = 'w1', locked_until = now() + interval '1 minute'
         where jobs.id = job;
        new_state := core.fail_job(job, 'w1', n, 'smtp: dial failed: connection refused');
        insert into delays
        select n, case when new_state = 'pending' then jobs.run_at - now() end, new_state
        from core.jobs as jobs
        where jobs.id = job;
        exit when new_state <> 'pending' or n > 100;
    end loop;
end
$$;

select is((select array_agg(extract(epoch from delay)::int order by attempt) from delays where state = 'pending'),
          array[2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900],
          'retried after 2^attempt s, at most 15 minutes');
select is((select max(attempt) from delays), 15, 'dead on the failure of attempt 15');
select is((select state from delays where attempt = 15), 'dead', 'and then dead');
select cmp_ok((select sum(delay) from delays), '>=', interval '1 hour 20 minutes',
              'the retries span more than an hour and twenty minutes: an outage of an hour is ridden out');
select cmp_ok((select sum(delay) from delays where attempt <= 4), '<', interval '1 minute',
              'the first retries are quick: a blip costs seconds');
select is((select max(delay) from delays), interval '15 minutes',
          'no wait is longer than 15 minutes: mail resumes soon after the relay does');

-- a permanent failure (an SMTP 5xx) is dead at once, whatever the budget
do $$
declare
    job bigint := core.enqueue('mailer.tap_retry_permanent', '{}', '2000-01-01');
begin
    update core.jobs
       set state = 'running', attempt = 1, claims = 1, locked_by = 'w1', locked_until = now() + interval '1 minute'
     where id = job;
    perform core.fail_job_permanently(job, 'w1', 1, 'smtp: 550 no such mailbox');
end
$$;
select is((select state from core.jobs where kind = 'mailer.tap_retry_permanent'), 'dead',
          'a permanent failure is dead on its first attempt');
select is((select attempt from core.jobs where kind = 'mailer.tap_retry_permanent'), 1,
          'having spent one attempt of its 15');

select * from finish();
rollback;
