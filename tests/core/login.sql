-- Login and identity: a right password gives a signed token naming the
-- user's role; anything else gives one and the same refusal; the identity
-- helpers trust a token only when it matches an active user of that role.
begin;
select plan(47);

-- the secret as configured (the dev seed sets it), or a test one; fixtures:
-- a brokerage with a client, an inactive user and a user without a password;
-- a district with a nurse who has the client's e-mail
do $$
declare
    crm_tenant uuid;
    med_tenant uuid;
begin
    perform pg_catalog.set_config('app.jwt_secret',
        coalesce(nullif(pg_catalog.current_setting('app.jwt_secret', true), ''), 'tests-core-login-secret-0123456789abcdef'),
        true);
    perform pg_catalog.set_config('app.jwt_ttl', '', true);
    insert into core.tenants (app, name) values ('crm', 'Core Login Tests') returning id into crm_tenant;
    insert into core.tenants (app, name) values ('med', 'Core Login Tests') returning id into med_tenant;
    perform pg_catalog.set_config('tap.crm_tenant', crm_tenant::text, true);
    perform pg_catalog.set_config('tap.client', core.create_user(
        crm_tenant, 'Login.Client@core.test', 'Login Client', 'crm_client', 'right-password')::text, true);
    perform pg_catalog.set_config('tap.inactive', core.create_user(
        crm_tenant, 'inactive@core.test', 'Inactive User', 'crm_agent', 'right-password')::text, true);
    update core.users set is_active = false where id = pg_catalog.current_setting('tap.inactive')::uuid;
    perform core.create_user(crm_tenant, 'no.password@core.test', 'No Password', 'crm_agent');
    perform core.create_user(med_tenant, 'login.client@core.test', 'Same Mail Nurse', 'med_nurse', 'nurse-password');
end
$$;

-- the error a login raises, as one comparable text (or 'no error')
create function pg_temp.login_error(email text, password text)
returns text
language plpgsql
as $$
declare
    state text;
    message text;
    detail text;
    hint text;
begin
    perform core.login('crm', login_error.email, login_error.password);
    return 'no error';
exception
    when others then
        get stacked diagnostics state = returned_sqlstate, message = message_text, detail = pg_exception_detail, hint = pg_exception_hint;
        return pg_catalog.format('%s: %s (detail: %s, hint: %s)', state, message, detail, hint);
end
$$;
grant execute on function pg_temp.login_error(text, text) to anon;

-- 1. the right password, as an anonymous request
select tests.act_as_anon();
select isnt(core.login('crm', 'login.client@core.test', 'right-password'), null, 'anon logs in with the right password and gets a token');
do $$
begin
    perform pg_catalog.set_config('tap.token', core.login('crm', 'login.client@core.test', 'right-password'), true);
end
$$;
reset role;
do $$
begin
    perform pg_catalog.set_config('tap.payload', tests.jwt_payload(pg_catalog.current_setting('tap.token'))::text, true);
end
$$;

select is(tests.jwt_payload('.' || pg_catalog.split_part(pg_catalog.current_setting('tap.token'), '.', 1)),
          '{"alg": "HS256", "typ": "JWT"}'::jsonb, 'the token''s header says HS256 JWT');
select is(pg_catalog.current_setting('tap.payload')::jsonb ->> 'role', 'crm_client', 'the token names the user''s role');
select is(pg_catalog.current_setting('tap.payload')::jsonb ->> 'sub', pg_catalog.current_setting('tap.client'), 'the token''s sub is the user''s id');
select is(pg_catalog.current_setting('tap.payload')::jsonb ->> 'email', 'Login.Client@core.test', 'the token carries the user''s e-mail');
select is((pg_catalog.current_setting('tap.payload')::jsonb ->> 'exp')::bigint - (pg_catalog.current_setting('tap.payload')::jsonb ->> 'iat')::bigint,
          3600::bigint, 'the token expires one hour after it was issued by default');
select ok((pg_catalog.current_setting('tap.payload')::jsonb ->> 'exp')::bigint > extract(epoch from now()),
          'the token''s exp lies in the future');
select ok(tests.jwt_verifies(pg_catalog.current_setting('tap.token'), pg_catalog.current_setting('app.jwt_secret')),
          'the token''s signature verifies with app.jwt_secret');
select ok(not tests.jwt_verifies(pg_catalog.current_setting('tap.token'), 'another-secret-of-at-least-32-characters'),
          'the token''s signature does not verify with another secret');
select tests.act_as_anon();
select is(tests.jwt_payload(core.login('crm', 'LOGIN.CLIENT@CORE.TEST', 'right-password')) ->> 'sub', pg_catalog.current_setting('tap.client'),
          'the e-mail is matched case-insensitively');
select is(tests.jwt_payload(core.login('med', 'login.client@core.test', 'nurse-password')) ->> 'role', 'med_nurse',
          'the same e-mail in another application logs in as that application''s user');

-- 2. every refusal is the same refusal
select throws_ok($$select core.login('crm', 'login.client@core.test', 'wrong-password')$$,
    '42501', 'invalid e-mail or password', 'a wrong password is refused with 42501');
select throws_ok($$select core.login('crm', 'nobody@core.test', 'right-password')$$,
    '42501', 'invalid e-mail or password', 'an unknown e-mail is refused with 42501');
select is(pg_temp.login_error('nobody@core.test', 'right-password'),
          pg_temp.login_error('login.client@core.test', 'wrong-password'),
          'an unknown e-mail and a wrong password raise the same SQLSTATE, message, detail and hint');
select is(pg_temp.login_error('inactive@core.test', 'right-password'),
          pg_temp.login_error('login.client@core.test', 'wrong-password'),
          'an inactive user with the right password gets the same refusal');
select is(pg_temp.login_error('no.password@core.test', ''),
          pg_temp.login_error('login.client@core.test', 'wrong-password'),
          'a user without a password gets the same refusal, even for an empty password');
select is(pg_temp.login_error('login.client@core.test', null),
          pg_temp.login_error('login.client@core.test', 'wrong-password'),
          'a null password gets the same refusal');
select is(pg_temp.login_error('login.client@core.test', 'nurse-password'),
          pg_temp.login_error('login.client@core.test', 'wrong-password'),
          'the password of the same e-mail in another application gets the same refusal');
select is(pg_temp.login_error('login.client@core.test', 'wrong-password'),
          '42501: invalid e-mail or password (detail: , hint: )',
          'the refusal names neither the user nor the reason');

-- 3. the token's payload as request.jwt.claims identifies the user
select tests.act_as_claims(pg_catalog.current_setting('tap.payload')::jsonb);
select is(core.current_user_id(), pg_catalog.current_setting('tap.client')::uuid, 'the token''s claims identify the user');
select is(core.current_tenant_id(), pg_catalog.current_setting('tap.crm_tenant')::uuid, 'the tenant comes from the user');
select is(core.current_user_role(), 'crm_client'::name, 'the role comes from the user');
select is(core.me() ->> 'id', pg_catalog.current_setting('tap.client'), 'me() returns the logged-in user');
select is(core.me() -> 'tenant' ->> 'id', pg_catalog.current_setting('tap.crm_tenant'), 'me() returns the user''s tenant');

-- 4. anonymous: no identity, and me() refuses
select tests.act_as_anon();
select is(core.current_user_id(), null, 'an anonymous request has no user');
select is(core.current_tenant_id(), null, 'an anonymous request has no tenant');
select throws_ok('select core.me()', '42501', 'not logged in', 'core.me() refuses anon with 42501: not logged in');

-- 5. claims that do not match an active user of that role identify nobody
select tests.act_as_claims(pg_catalog.jsonb_build_object('role', 'crm_manager', 'sub', pg_catalog.current_setting('tap.client')));
select is(core.current_user_id(), null, 'a token naming another role than the user''s identifies nobody');
select is(core.current_tenant_id(), null, 'and gives no tenant');
select throws_ok('select core.me()', '42501', 'not logged in', 'and me() refuses it with 42501');
select tests.act_as_claims('{"role": "crm_client", "sub": "not-a-uuid"}');
select is(core.current_user_id(), null, 'a sub that is not a uuid identifies nobody (and raises nothing)');
select tests.act_as_claims(pg_catalog.jsonb_build_object('role', 'crm_client', 'sub', pg_catalog.gen_random_uuid()::text));
select is(core.current_user_id(), null, 'a sub that names no user identifies nobody');
select tests.act_as_claims(pg_catalog.jsonb_build_object('role', 'crm_agent', 'sub', pg_catalog.current_setting('tap.inactive')));
select is(core.current_user_id(), null, 'the claims of an inactive user identify nobody');
select tests.act_as_claims('{"role": "crm_client"}');
select is(core.current_user_id(), null, 'claims without sub identify nobody');
set local request.jwt.claims = '{}';
select is(core.current_user_id(), null, 'empty claims ({}) identify nobody');
set local request.jwt.claims = '';
select is(core.current_user_id(), null, 'the empty string the setting holds after a transaction identifies nobody');
select is(core.jwt_claims(), '{}'::jsonb, 'and reads as no claims');

-- 6. a token cannot name a role outside the API roles: PostgREST's session
-- (authenticator) may switch to the API roles only
reset role;
set local session authorization authenticator;
select lives_ok($$select tests.act_as_claims('{"role": "crm_client"}')$$, 'authenticator may take a token''s API role');
select throws_ok($$select tests.act_as_claims('{"role": "postgres"}')$$, '42501', null, 'a token naming postgres is refused (42501)');
select throws_ok('set local role postgres', '42501', null, 'authenticator cannot set role postgres');
select throws_ok('set local role worker', '42501', null, 'authenticator cannot set role worker');
select throws_ok('set local role crm_reader', '42501', null, 'authenticator cannot set role crm_reader');
reset role;
reset session authorization;

-- 7. the token's lifetime and the secret come from the settings
set local app.jwt_ttl = '5 minutes';
select is((tests.jwt_payload(core.login('crm', 'login.client@core.test', 'right-password')) ->> 'exp')::bigint
          - (tests.jwt_payload(core.login('crm', 'login.client@core.test', 'right-password')) ->> 'iat')::bigint,
          300::bigint, 'app.jwt_ttl sets the token''s lifetime');
set local tap.secret = '';
do $$ begin perform pg_catalog.set_config('tap.secret', pg_catalog.current_setting('app.jwt_secret'), true); end $$;
set local app.jwt_secret = '';
select throws_ok($$select core.login('crm', 'login.client@core.test', 'right-password')$$, '55000', null,
    'login without app.jwt_secret raises 55000 instead of signing with nothing');
set local app.jwt_secret = 'too-short';
select throws_ok($$select core.login('crm', 'login.client@core.test', 'right-password')$$, '22023', null,
    'login with a secret shorter than 32 characters raises 22023');
select throws_ok($$select core.sign_jwt('{}', pg_catalog.repeat('x', 31))$$, '22023', null,
    'a secret of 31 characters is refused');
select lives_ok($$select core.sign_jwt('{}', pg_catalog.repeat('x', 32))$$,
    'a secret of exactly 32 characters signs (PostgREST accepts it too)');
do $$ begin perform pg_catalog.set_config('app.jwt_secret', pg_catalog.current_setting('tap.secret'), true); end $$;

select * from finish();
rollback;
