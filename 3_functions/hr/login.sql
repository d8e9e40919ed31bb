create function hr_api.login(email text, password text)
returns text
language sql
stable
set search_path = ''
as $$
    select core.login('hr', login.email, login.password)
$$;
comment on function hr_api.login(text, text) is 'Logs a hotel HR user in: returns a signed HS256 JWT (role, sub, exp, ...). A wrong password or unknown e-mail raises 42501, the same for both.';
