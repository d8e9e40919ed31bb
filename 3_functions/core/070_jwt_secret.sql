create function core.jwt_secret()
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
    secret text := nullif(pg_catalog.current_setting('app.jwt_secret', true), '');
begin
    if secret is null then
        raise exception 'app.jwt_secret is not set'
            using errcode = '55000',
                  hint = 'alter database <db> set app.jwt_secret = ''<the jwt-secret of postgrest.conf>''';
    end if;
    return secret;
end
$$;
comment on function core.jwt_secret() is 'The JWT signing secret, from the database setting app.jwt_secret (the same value as PostgREST''s jwt-secret). Never stored in the files for production; the dev seed sets a development value. Raises 55000 when unset.';
