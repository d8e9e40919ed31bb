-- Structure of the hotel HR system: tables, forced row level security and
-- policies, tenant keys, audit, the exclusion constraint, who may execute
-- the API, which functions are definer, and the wage columns' grants.
begin;
select plan(105);

select has_table('hr', t, 'table hr.' || t || ' exists')
from unnest(array['hotels', 'departments', 'positions', 'position_certifications', 'working_time_rules', 'minor_rules',
                  'overtime_rules', 'wage_rules', 'leave_accrual_rules', 'scheduling_rules', 'school_days', 'employees', 'pay_rates',
                  'certifications', 'job_postings', 'applications', 'contracts', 'shifts', 'shift_swaps', 'punches',
                  'leave_requests', 'leave_ledger', 'payroll_runs', 'payslips']) as t;

select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr'::regnamespace and c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)),
          null, 'row level security is enabled and forced on every hr table');
select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr'::regnamespace and c.relkind = 'r'
             and not exists (select from pg_catalog.pg_policy as p where p.polrelid = c.oid)),
          null, 'every hr table has at least one policy');
select is((select count(*) from pg_catalog.pg_policy as p
           where p.polrelid in (select oid from pg_catalog.pg_class where relnamespace = 'hr'::regnamespace) and p.polcmd <> 'r'),
          0::bigint, 'every hr policy is FOR SELECT (writes go through definer functions only)');
select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr'::regnamespace and c.relkind = 'r'
             and not exists (select from pg_catalog.pg_attribute as a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)),
          null, 'every hr table carries tenant_id');
select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr'::regnamespace and c.relkind = 'r'
             and not exists (select from pg_catalog.pg_trigger as t where t.tgrelid = c.oid and t.tgname = 'audit')),
          null, 'every hr table is audited');
select is((select pg_catalog.pg_get_constraintdef(oid) from pg_catalog.pg_constraint where conname = 'shifts_no_overlap' and contype = 'x'),
          'EXCLUDE USING gist (employee_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE ((status = ''scheduled''::text))',
          'no overlapping shifts is an exclusion constraint on hr.shifts');

select policies_are('hr', 'employees', array['employees_select_colleague', 'employees_select_manager', 'employees_select_office'],
                    'hr.employees: one select policy per audience');
select policies_are('hr', 'pay_rates', array['pay_rates_select_own', 'pay_rates_select_office'], 'hr.pay_rates: own, payroll and admin; no manager');
select policies_are('hr', 'shifts', array['shifts_hotel_scope', 'shifts_select_colleague', 'shifts_select_manager', 'shifts_select_office'], 'hr.shifts policies');
select policies_are('hr', 'punches', array['punches_select_reachable'], 'hr.punches: one policy, the employees the role reaches');
select policies_are('hr', 'payslips', array['payslips_select_own', 'payslips_select_office'], 'hr.payslips: own, payroll and admin; no manager');
select policies_are('hr', 'job_postings', array['job_postings_select_public', 'job_postings_select_manager', 'job_postings_select_admin'],
                    'hr.job_postings policies');

select is((select count(*) from information_schema.role_table_grants as g
           where g.table_schema = 'hr' and g.grantee in ('anon', 'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll')),
          0::bigint, 'API roles have no privilege on any hr base table');
select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr_private'::regnamespace and c.relkind = 'v' and pg_catalog.pg_get_userbyid(c.relowner) <> 'hr_reader'),
          null, 'every private read view is owned by hr_reader');
select is((select array_agg(c.relname::text order by c.relname) from pg_catalog.pg_class as c
           where c.relnamespace = 'hr_api'::regnamespace and c.relkind = 'v' and not coalesce('security_invoker=true' = any (c.reloptions), false)),
          null, 'every hr_api view is security_invoker');
select is((select count(*) from pg_catalog.pg_class as c where c.relnamespace = 'hr_api'::regnamespace and c.relkind <> 'v'), 0::bigint,
          'hr_api holds views and functions only');

-- the fixed API and who may call it
select function_privs_are('hr_api', 'post_job', array['uuid', 'uuid', 'text', 'numeric'], r, p, 'post_job: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]),
             ('hr_payroll', array[]::text[]), ('anon', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'apply_for_job', array['uuid', 'text', 'text'], r, array['EXECUTE'], 'apply_for_job: ' || r)
from unnest(array['anon', 'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll']) as r;
select function_privs_are('hr_api', 'hire', array['uuid', 'date', 'numeric'], r, p, 'hire: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]), ('hr_payroll', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'add_certification', array['uuid', 'text', 'date', 'date'], r, p, 'add_certification: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]), ('hr_payroll', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'schedule_shift', array['uuid', 'uuid', 'timestamp with time zone', 'timestamp with time zone'], r, p, 'schedule_shift: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]), ('hr_payroll', array[]::text[]), ('anon', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'clock_in', array[]::text[], r, p, 'clock_in: ' || r)
from (values ('hr_employee', array['EXECUTE']), ('anon', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'request_leave', array['date', 'date', 'text'], r, p, 'request_leave: ' || r)
from (values ('hr_employee', array['EXECUTE']), ('anon', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'decide_leave', array['uuid', 'boolean'], r, p, 'decide_leave: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]), ('hr_payroll', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'run_payroll', array['uuid', 'date', 'date'], r, p, 'run_payroll: ' || r)
from (values ('hr_payroll', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_manager', array[]::text[]), ('hr_employee', array[]::text[])) as v (r, p);
select function_privs_are('hr_api', 'terminate_employee', array['uuid', 'date', 'text'], r, p, 'terminate_employee: ' || r)
from (values ('hr_manager', array['EXECUTE']), ('hr_admin', array['EXECUTE']), ('hr_employee', array[]::text[]), ('hr_payroll', array[]::text[]), ('anon', array[]::text[])) as v (r, p);
select is((select array_agg(p.proname::text order by p.proname) from pg_catalog.pg_proc as p
           where p.pronamespace = 'hr_private'::regnamespace
             and p.proname in ('check_shift', 'pay_lines', 'notify_expiring_certificates', 'deactivate_departed_logins', 'refresh_reports', 'require_rate', 'require_horizon', 'require_unworked', 'visible_position', 'week_start')
             and (pg_catalog.has_function_privilege('hr_employee', p.oid, 'execute') or pg_catalog.has_function_privilege('hr_manager', p.oid, 'execute')
                  or pg_catalog.has_function_privilege('hr_admin', p.oid, 'execute') or pg_catalog.has_function_privilege('hr_payroll', p.oid, 'execute')
                  or pg_catalog.has_function_privilege('anon', p.oid, 'execute'))),
          null, 'no API role may call the internal helpers');

-- the scheduled jobs write (the job queue, the reports): volatile, so that each
-- call sees the writes before it
select volatility_is('hr_private', 'notify_expiring_certificates', array['integer'], 'volatile',
                     'hr_private.notify_expiring_certificates queues jobs and is volatile');
select volatility_is('hr_private', 'refresh_reports', array[]::text[], 'volatile',
                     'hr_private.refresh_reports refreshes the reports and is volatile');
select volatility_is('hr_private', 'deactivate_departed_logins', array[]::text[], 'volatile',
                     'hr_private.deactivate_departed_logins deactivates logins and is volatile');
select is_definer('hr_api', f, 'hr_api.' || f || ' is security definer')
from unnest(array['post_job', 'apply_for_job', 'hire', 'add_certification', 'schedule_shift', 'clock_in', 'clock_out',
                  'request_leave', 'decide_leave', 'run_payroll', 'terminate_employee']) as f;
select isnt_definer('hr_api', f, 'hr_api.' || f || ' is security invoker')
from unnest(array['login', 'me', 'document_content']) as f;
select isnt_definer('hr_private', f, 'hr_private.' || f || ' is security invoker')
from unnest(array['check_shift', 'pay_lines']) as f;
select is((select array_agg(p.oid::regprocedure::text order by 1) from pg_catalog.pg_proc as p
           where p.pronamespace in ('hr_api'::regnamespace, 'hr_private'::regnamespace) and p.prosecdef
             and not coalesce('search_path=""' = any (p.proconfig), false)),
          null, 'every hr definer function sets search_path to empty');

-- wage columns: column grants on hr_api.employees
select ok(pg_catalog.has_column_privilege('hr_employee', 'hr_api.employees', 'full_name', 'select')
          and not pg_catalog.has_column_privilege('hr_employee', 'hr_api.employees', 'hourly_rate', 'select'),
          'employees may select names from hr_api.employees but not hourly_rate');
select ok(pg_catalog.has_column_privilege('hr_manager', 'hr_api.employees', 'email', 'select')
          and not pg_catalog.has_column_privilege('hr_manager', 'hr_api.employees', 'hourly_rate', 'select'),
          'managers may select e-mails but not hourly_rate');
select ok(pg_catalog.has_column_privilege('hr_payroll', 'hr_api.employees', 'hourly_rate', 'select')
          and pg_catalog.has_column_privilege('hr_admin', 'hr_api.employees', 'hourly_rate', 'select'),
          'payroll and admins may select hourly_rate');
select ok(not pg_catalog.has_table_privilege('hr_manager', 'hr_api.pay_rates', 'select')
          and not pg_catalog.has_table_privilege('hr_manager', 'hr_api.payslips', 'select')
          and not pg_catalog.has_table_privilege('hr_manager', 'hr_api.contracts', 'select'),
          'managers are granted none of the wage views');

select * from finish();
rollback;
