create function med_api.me()
returns json
language sql
stable
set search_path = ''
as $$
    select core.me()
$$;
comment on function med_api.me() is 'The logged-in user''s profile and district; 42501 when anonymous.';
