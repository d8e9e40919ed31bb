-- core.create_user, the one way users are made (seeds and application
-- functions such as registration): a user of a tenant's application with a
-- database role that exists and belongs to that application, a bcrypt hash
-- when a password is given, and clear refusals otherwise.
begin;
select plan(9);

do $$
declare
    tenant uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Core User Tests') returning id into tenant;
    perform pg_catalog.set_config('tap.tenant', tenant::text, true);
end
$$;

select lives_ok($$select pg_catalog.set_config('tap.user', core.create_user(
                    pg_catalog.current_setting('tap.tenant')::uuid, 'new.user@core.test', 'New User', 'crm_agent', 'a-password')::text, true)$$,
                'create_user makes a user of a tenant');
select is((select pg_catalog.format('%s %s %s %s %s', tenant_id = pg_catalog.current_setting('tap.tenant')::uuid, app, email, role, is_active)
           from core.users where id = pg_catalog.current_setting('tap.user')::uuid),
          't crm new.user@core.test crm_agent t',
          'the user belongs to the tenant and its application, with the role asked, active');
select ok((select password_hash = extensions.crypt('a-password', password_hash) from core.users
           where id = pg_catalog.current_setting('tap.user')::uuid),
          'the password is stored as a bcrypt hash that verifies');
do $$
begin
    perform pg_catalog.set_config('tap.no_password', core.create_user(
        pg_catalog.current_setting('tap.tenant')::uuid, 'no.password.user@core.test', 'No Password', 'crm_client')::text, true);
end
$$;
select is((select password_hash from core.users where id = pg_catalog.current_setting('tap.no_password')::uuid),
          null, 'without a password there is no hash (the user cannot log in)');

select throws_ok($$select core.create_user(gen_random_uuid(), 'x@core.test', 'X', 'crm_agent')$$,
                 'PT404', null, 'an unknown tenant is refused with PT404');
select throws_ok($$select core.create_user(pg_catalog.current_setting('tap.tenant')::uuid, 'x@core.test', 'X', 'crm_no_such_role')$$,
                 '22023', 'role crm_no_such_role does not exist', 'a role that does not exist is refused with 22023');
select throws_ok($$select core.create_user(pg_catalog.current_setting('tap.tenant')::uuid, 'x@core.test', 'X', 'med_nurse')$$,
                 '23514', null, 'a role of another application is refused with 23514');
select throws_ok($$select core.create_user(pg_catalog.current_setting('tap.tenant')::uuid, 'New.User@core.test', 'Again', 'crm_agent')$$,
                 '23505', null, 'an e-mail already used in the application (in any case) is refused with 23505');
select is((select pg_catalog.count(*)::int from core.users where tenant_id = pg_catalog.current_setting('tap.tenant')::uuid), 2,
          'the refused calls created nobody');

select * from finish();
rollback;
