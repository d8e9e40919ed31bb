create function crm_api.me()
returns json
language sql
stable
set search_path = ''
as $$
    select core.me()
$$;
comment on function crm_api.me() is 'The logged-in user''s profile and brokerage; 42501 when anonymous.';
