create function core.sign_jwt(payload jsonb, secret text)
returns text
language plpgsql
immutable
strict
set search_path = ''
as $$
declare
    signing_input text;
begin
    if pg_catalog.length(sign_jwt.secret) < 32 then
        raise exception 'the jwt secret must be at least 32 characters'
            using errcode = '22023',
                  hint = 'set app.jwt_secret to the same value as PostgREST''s jwt-secret';
    end if;
    signing_input := core.base64url(pg_catalog.convert_to('{"alg":"HS256","typ":"JWT"}', 'utf8'))
        || '.' || core.base64url(pg_catalog.convert_to(sign_jwt.payload::text, 'utf8'));
    return signing_input || '.' || core.base64url(extensions.hmac(signing_input, sign_jwt.secret, 'sha256'));
end
$$;
comment on function core.sign_jwt(jsonb, text) is 'An HS256 JWT of payload signed with secret (pgcrypto hmac). Raises 22023 for a secret shorter than 32 characters (PostgREST refuses those too).';
