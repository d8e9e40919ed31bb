-- Login and me() through the core, for the school health users.
begin;
select plan(7);

create temp table expected (k text primary key, v text);
grant all on expected to public;
insert into expected select 'guardian1', id::text from core.users where email = 'guardian1@med.demo';
select tests.act_as_anon();
select is(tests.jwt_payload(med_api.login('nurse.north@med.demo', 'demo')) ->> 'role', 'med_nurse', 'a nurse logs in and gets the med_nurse role');
select is(tests.jwt_payload(med_api.login('GUARDIAN1@med.demo', 'demo')) ->> 'sub',
          (select v from expected where k = 'guardian1'), 'the e-mail is case-insensitive; sub is the user id');
select throws_ok($$select med_api.login('nurse.north@med.demo', 'wrong')$$, '42501', null, 'a wrong password is refused');
select throws_ok($$select med_api.login('manager@crm.demo', 'demo')$$, '42501', null, 'a CRM user cannot log into the school health API');
insert into expected select 'token', med_api.login('teacher.north@med.demo', 'demo');
reset role;
select ok(tests.jwt_verifies((select v from expected where k = 'token'), current_setting('app.jwt_secret')), 'the token is signed with the database secret');
select tests.act_as('nurse.north@med.demo');
select is(med_api.me() -> 'tenant' ->> 'name', 'Demo District', 'me() names the district');
select tests.act_as('nurse@other-med.demo');
select is(med_api.me() -> 'tenant' ->> 'name', 'Other District', 'the other district''s nurse belongs to it');

select * from finish();
rollback;
