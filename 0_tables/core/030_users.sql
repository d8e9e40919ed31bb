create table core.users (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    app text not null,
    email text not null,
    full_name text not null,
    role name not null,
    password_hash text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    constraint users_app_is_known check (app in ('crm', 'med', 'hr')),
    constraint users_role_belongs_to_app check (role::text like app || '\_%'),
    constraint users_email_is_plausible check (email ~ '^[^@\s]+@[^@\s]+$'),
    constraint users_password_hash_is_bcrypt check (password_hash is null or password_hash like '$2a$%')
);
create unique index users_app_email_key on core.users (app, lower(email));
create index users_tenant_id_idx on core.users (tenant_id);
comment on table core.users is 'Everyone who logs in: one tenant of one application, one database role. Passwords are bcrypt hashes (pgcrypto); a user without a hash cannot log in.';
comment on column core.users.role is 'The database role PostgREST switches to (crm_client, med_nurse, ...); must belong to the user''s application.';
comment on index core.users_app_email_key is 'E-mail is unique per application, case-insensitively: login looks users up by (app, lower(email)).';
