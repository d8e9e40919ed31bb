create function core.base64url(data bytea)
returns text
language sql
immutable
strict
set search_path = ''
as $$
    select pg_catalog.translate(pg_catalog.encode(data, 'base64'), E'+/=\n', '-_')
$$;
comment on function core.base64url(bytea) is 'Base64url without padding (RFC 7515), as JWT segments need.';
