create function crm_api.login(email text, password text)
returns text
language sql
stable
set search_path = ''
as $$
    select core.login('crm', login.email, login.password)
$$;
comment on function crm_api.login(text, text) is 'Logs a Forex CRM user in: returns a signed HS256 JWT (role, sub, exp, ...). A wrong password or unknown e-mail raises 42501, the same for both.';
