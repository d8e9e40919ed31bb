-- Who sees what: employees their own profile, punches, leave and pay and
-- their colleagues' shifts without wages; managers their department, never
-- wages (a wage column or view is 42501 for them); admins the group; payroll
-- rates and hours; the other group nothing. Documents (payslips, offer
-- letters) follow their subject row.
begin;
select plan(47);

select set_config('t.emp1', (select id::text from hr.employees where email = 'emp1@hr.demo'), true);
select set_config('t.emp2', (select id::text from hr.employees where email = 'emp2@hr.demo'), true);
select set_config('t.harbor', tests.hr_hotel_id('Harbor View')::text, true);
select set_config('t.alpine', tests.hr_hotel_id('Alpine Lodge')::text, true);
select set_config('t.front_desk', (select department_id::text from hr.employees where email = 'manager.frontdesk@hr.demo'), true);

-- employees
select tests.act_as('emp1@hr.demo');
select ok((select count(*) from hr_api.employees where hotel_id = current_setting('t.harbor')::uuid) > 100, 'an employee sees the colleagues of their hotel');
select is((select count(*) from hr_api.employees where hotel_id <> current_setting('t.harbor')::uuid), 0::bigint, 'and no one of the other hotel');
select throws_ok($$select hourly_rate from hr_api.employees$$, '42501', null, 'an employee selecting the wage column of employees gets 42501');
select throws_ok($$select birth_date from hr_api.employees$$, '42501', null, 'and colleagues'' birth dates are 42501 too');
select throws_ok($$select * from hr_api.employees$$, '42501', null, 'so does select *');
-- the private view the exposed one reads is granted too: its personal columns are masked there
select is((select count(*) from hr_private.employees where id <> current_setting('t.emp1')::uuid
           and (phone is not null or birth_date is not null or is_tipped is not null or hired_on is not null)), 0::bigint,
          'reading hr_private.employees directly, an employee sees no colleague''s phone, birth date, tipped flag or hire date');
select ok((select phone is not null and birth_date is not null from hr_private.employees where id = current_setting('t.emp1')::uuid),
          'but their own');
select is((hr_api.me() -> 'employee' ->> 'hourly_rate')::numeric, 21.50, 'an employee sees their own rate in me()');
select results_eq($$select employee_id, hourly_rate from hr_api.pay_rates order by effective_from$$,
                  $$values (current_setting('t.emp1')::uuid, 21.50::numeric), (current_setting('t.emp1')::uuid, 22.75::numeric)$$,
                  'an employee sees their own pay rates, the raise from next week included, and no one else''s');
select ok((select count(*) from hr_api.contracts) = 1 and (select bool_and(employee_id = current_setting('t.emp1')::uuid) from hr_api.contracts),
          'and their own contract');
select ok((select count(*) from hr_api.punches) > 0 and (select bool_and(employee_id = current_setting('t.emp1')::uuid) from hr_api.punches),
          'their own punches only');
select ok((select count(*) from hr_api.leave_requests) > 0 and (select bool_and(employee_id = current_setting('t.emp1')::uuid) from hr_api.leave_requests),
          'their own leave only');
select ok((select count(*) from hr_api.payslips) > 0 and (select bool_and(employee_id = current_setting('t.emp1')::uuid) from hr_api.payslips),
          'their own payslips only');
select ok((select count(distinct employee_id) from hr_api.shifts) > 10, 'an employee sees colleagues'' shifts');
select is((select count(*) from hr_api.shifts where hotel_id <> current_setting('t.harbor')::uuid), 0::bigint, 'of their own hotel only');
select is((select count(*) from information_schema.columns where table_schema = 'hr_api' and table_name = 'shifts'
           and column_name ~ 'rate|pay|wage'), 0::bigint, 'shifts carry no wage column');

-- managers
select tests.act_as('manager.frontdesk@hr.demo');
select ok((select count(*) from hr_api.employees) > 5, 'a manager sees the employees of the department');
select is((select count(*) from hr_api.employees where department_id <> current_setting('t.front_desk')::uuid),
          0::bigint, 'and only of the department');
select throws_ok($$select hourly_rate from hr_api.employees$$, '42501', null, 'a manager selecting the wage column gets 42501');
select is((select count(*) from hr_private.employees where id <> hr_private.current_employee_id()
           and (phone is not null or birth_date is not null)), 0::bigint,
          'nor, reading hr_private.employees directly, the department''s phones and birth dates');
select is((select count(hourly_rate) from hr_private.employees), 0::bigint,
          'nor any rate in force, their own included: the policies of hr.pay_rates give a manager none');
select throws_ok($$select hourly_rate from hr_api.pay_rates$$, '42501', null, 'a manager selecting pay rates gets 42501');
select throws_ok($$select hourly_rate from hr_api.contracts$$, '42501', null, 'a manager selecting contracts gets 42501');
select throws_ok($$select gross_pay from hr_api.payslips$$, '42501', null, 'a manager selecting payslips gets 42501');
select ok((select count(*) from hr_api.shifts) > 0 and (select count(*) from hr_api.shifts where department_id <> current_setting('t.front_desk')::uuid) = 0,
          'a manager sees the department''s shifts only');

-- payroll and admin
select tests.act_as('payroll@hr.demo');
select ok((select count(*) from hr_api.employees where hourly_rate is not null and hotel_id = current_setting('t.alpine')::uuid) > 100,
          'payroll sees the rates of the whole group');
select ok((select count(*) from hr_private.employees where birth_date is not null and hired_on is not null) > 250,
          'and, in the private view too, the personal columns of the group');
select ok((select count(distinct employee_id) from hr_api.punches) > 200, 'and the hours (punches) of the whole group');
select is((select count(*) from hr_api.certifications), 0::bigint, 'but no certificates');
select tests.act_as('admin@hr.demo');
select ok((select count(*) from hr_api.employees where hourly_rate is not null) > 250 and (select count(distinct hotel_id) from hr_api.employees) = 2,
          'an admin sees both hotels with wages');

-- the other group
select tests.act_as('admin@other-hr.demo');
select ok((select count(*) from hr_api.employees) > 0 and (select count(*) from hr_api.hotels) = 1, 'the other group''s admin sees its own hotel and staff');
select is((select count(*) from hr_api.employees where hotel_id in (current_setting('t.harbor')::uuid, current_setting('t.alpine')::uuid)),
          0::bigint, 'and none of our employees');
select is((select count(*) from hr_api.shifts where hotel_id in (current_setting('t.harbor')::uuid, current_setting('t.alpine')::uuid))
          + (select count(*) from hr_api.pay_rates where employee_id = current_setting('t.emp1')::uuid)
          + (select count(*) from hr_api.payslips where employee_id = current_setting('t.emp1')::uuid)
          + (select count(*) from hr_api.leave_requests where employee_id = current_setting('t.emp1')::uuid),
          0::bigint, 'nor our shifts, rates, payslips or leave');

-- anonymous
select tests.act_as_anon();
select throws_ok($$select * from hr_api.employees$$, '42501', null, 'anonymous requests cannot read employees (42501)');
select throws_ok($$select * from hr_api.shifts$$, '42501', null, 'nor shifts (42501)');

-- documents: one payslip PDF of emp1 (a finalized run of the seed) and emp2's offer letter, stored as the worker would
reset role;
insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select payslips.tenant_id, 'hr', 'payslip', 'hr.payslips', payslips.id, 900000001, 'payslip-emp1.pdf', '\x255044462d312e340a'::bytea,
       encode(extensions.digest('\x255044462d312e340a'::bytea, 'sha256'), 'hex')
from hr.payslips as payslips where payslips.employee_id = current_setting('t.emp1')::uuid limit 1;
insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select contracts.tenant_id, 'hr', 'offer_letter', 'hr.contracts', contracts.id, 900000002, 'offer-letter-emp2.pdf', '\x255044462d312e350a'::bytea,
       encode(extensions.digest('\x255044462d312e350a'::bytea, 'sha256'), 'hex')
from hr.contracts as contracts where contracts.employee_id = current_setting('t.emp2')::uuid;
select set_config('t.payslip_doc', (select id::text from core.documents where job_id = 900000001), true);
select set_config('t.offer_doc', (select id::text from core.documents where job_id = 900000002), true);

select tests.act_as('emp1@hr.demo');
select results_eq($$select id, kind from hr_api.documents$$, $$values (current_setting('t.payslip_doc')::uuid, 'payslip'::text)$$,
                  'an employee sees their own payslip document and not a colleague''s offer letter');
select is(hr_api.document_content(current_setting('t.payslip_doc')::uuid), '\x255044462d312e340a'::bytea, 'and fetches its bytes');
select throws_ok($$select hr_api.document_content(current_setting('t.offer_doc')::uuid)$$, 'PT404', null, 'a colleague''s document is PT404');
select throws_ok($$select hr_api.document_content(gen_random_uuid())$$, 'PT404', null, 'an unknown document is PT404');
select tests.act_as('emp2@hr.demo');
select results_eq($$select id, kind from hr_api.documents$$, $$values (current_setting('t.offer_doc')::uuid, 'offer_letter'::text)$$,
                  'the new cook sees their own offer letter');
select tests.act_as('payroll@hr.demo');
select is((select count(*) from hr_api.documents where id in (current_setting('t.payslip_doc')::uuid, current_setting('t.offer_doc')::uuid)),
          2::bigint, 'payroll sees both');
select is(hr_api.document_content(current_setting('t.payslip_doc')::uuid), '\x255044462d312e340a'::bytea, 'and fetches the payslip''s bytes');
select tests.act_as('admin@hr.demo');
select is(hr_api.document_content(current_setting('t.offer_doc')::uuid), '\x255044462d312e350a'::bytea, 'an admin fetches the offer letter');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select * from hr_api.documents$$, '42501', null, 'a manager cannot list documents (42501)');
select throws_ok($$select hr_api.document_content(current_setting('t.payslip_doc')::uuid)$$, '42501', null, 'nor fetch a payslip (42501)');
select tests.act_as('admin@other-hr.demo');
select is((select count(*) from hr_api.documents), 0::bigint, 'the other group sees none of our documents');
select throws_ok($$select hr_api.document_content(current_setting('t.payslip_doc')::uuid)$$, 'PT404', null, 'and fetching one is PT404');

select * from finish();
rollback;
