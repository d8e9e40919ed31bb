-- Development only: a JWT secret for this database, so that login works out
-- of the box. Production sets its own (never in these files):
--   alter database <db> set app.jwt_secret = '<the jwt-secret of postgrest.conf>';
do $$
begin
    execute pg_catalog.format('alter database %I set app.jwt_secret = %L',
        current_database(), 'thick-development-secret-not-for-production-0123456789');
    perform pg_catalog.set_config('app.jwt_secret', 'thick-development-secret-not-for-production-0123456789', false);
end
$$;
