-- thick: commit
-- A finalize or a discard that waited for a payroll run's row while another
-- call discarded the run answers PT404 once that discard commits: never a
-- finalize that books nothing and answers as if done, nor a second discard
-- that passes in silence. Only a discard that commits while the call waits
-- reaches it, so this file commits (`thick: commit`: a database of its own)
-- and opens a second session (tests.start_in_second_session).
--
-- Each case: a draft run of Alpine Lodge is committed (inserted directly,
-- for a period in 2099 no other file touches); this session discards it as
-- payroll and holds the row; the second session, payroll too, calls
-- finalize_payroll (or discard_payroll) and waits for the row; this session
-- commits; the second session's answer is the SQLSTATE of its call
-- (tests.sqlstate_of). Nothing is left behind: both runs are discarded.
begin;
select plan(6);

insert into hr.payroll_runs (tenant_id, hotel_id, period_start, period_end, currency)
select hotels.tenant_id, hotels.id, periods.day, periods.day + 13, 'CHF'
from hr.hotels as hotels, (values (date '2099-01-04'), (date '2099-02-01')) as periods (day)
where hotels.name = 'Alpine Lodge';
select set_config('t.finalized_run', (select id::text from hr.payroll_runs where period_start = '2099-01-04'), false);
select set_config('t.discarded_run', (select id::text from hr.payroll_runs where period_start = '2099-02-01'), false);
commit;

-- a finalize waits for a discard
begin;
select tests.act_as('payroll@hr.demo');
select lives_ok(pg_catalog.format('select hr_api.discard_payroll(%L)', current_setting('t.finalized_run')),
    'payroll discards a draft and holds its row');
reset role;
select tests.start_in_second_session('finalize', 'payroll@hr.demo', pg_catalog.format(
    'select tests.sqlstate_of(%L)', pg_catalog.format('select hr_api.finalize_payroll(%L)', current_setting('t.finalized_run'))));
select ok(tests.second_session_waiting('finalize') is not null, 'a finalize of that draft meanwhile waits for the row');
commit;
select is(tests.end_second_session_answer('finalize'), 'PT404',
    'and answers PT404 once the discard commits: no finalize of a run that is gone');

-- a discard waits for a discard
begin;
select tests.act_as('payroll@hr.demo');
select lives_ok(pg_catalog.format('select hr_api.discard_payroll(%L)', current_setting('t.discarded_run')),
    'payroll discards another draft and holds its row');
reset role;
select tests.start_in_second_session('discard', 'payroll@hr.demo', pg_catalog.format(
    'select tests.sqlstate_of(%L)', pg_catalog.format('select hr_api.discard_payroll(%L)', current_setting('t.discarded_run'))));
select ok(tests.second_session_waiting('discard') is not null, 'a second discard of it meanwhile waits for the row');
commit;
select is(tests.end_second_session_answer('discard'), 'PT404',
    'and answers PT404 once the first discard commits');

select * from finish();
