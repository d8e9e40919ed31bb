-- Login and me() through the core, for the school health users.
begin;
select plan(17);

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

-- every logged-in role may log in again (PostgREST runs /rpc/login under the
-- caller's token) and read its own profile
select tests.act_as('nurse.north@med.demo');
select is(tests.jwt_payload(med_api.login('nurse.north@med.demo', 'demo')) ->> 'email', 'nurse.north@med.demo', 'nurse.north@med.demo logs in while logged in');
select is(med_api.me() ->> 'email', 'nurse.north@med.demo', 'and me() is nurse.north@med.demo');
select tests.act_as('aide.north@med.demo');
select is(tests.jwt_payload(med_api.login('aide.north@med.demo', 'demo')) ->> 'email', 'aide.north@med.demo', 'aide.north@med.demo logs in while logged in');
select is(med_api.me() ->> 'email', 'aide.north@med.demo', 'and me() is aide.north@med.demo');
select tests.act_as('teacher.north@med.demo');
select is(tests.jwt_payload(med_api.login('teacher.north@med.demo', 'demo')) ->> 'email', 'teacher.north@med.demo', 'teacher.north@med.demo logs in while logged in');
select is(med_api.me() ->> 'email', 'teacher.north@med.demo', 'and me() is teacher.north@med.demo');
select tests.act_as('guardian1@med.demo');
select is(tests.jwt_payload(med_api.login('guardian1@med.demo', 'demo')) ->> 'email', 'guardian1@med.demo', 'guardian1@med.demo logs in while logged in');
select is(med_api.me() ->> 'email', 'guardian1@med.demo', 'and me() is guardian1@med.demo');
select tests.act_as('supervisor@med.demo');
select is(tests.jwt_payload(med_api.login('supervisor@med.demo', 'demo')) ->> 'email', 'supervisor@med.demo', 'supervisor@med.demo logs in while logged in');
select is(med_api.me() ->> 'email', 'supervisor@med.demo', 'and me() is supervisor@med.demo');

select * from finish();
rollback;
