create function med_api.login(email text, password text)
returns text
language sql
stable
set search_path = ''
as $$
    select core.login('med', login.email, login.password)
$$;
comment on function med_api.login(text, text) is 'Logs a school health user in: returns a signed HS256 JWT (role, sub, exp, ...). A wrong password or unknown e-mail raises 42501, the same for both.';
