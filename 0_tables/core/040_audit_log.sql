create table core.audit_log (
    id bigint generated always as identity primary key,
    tenant_id uuid,
    table_name text not null,
    row_key jsonb,
    operation text not null,
    old_row jsonb,
    new_row jsonb,
    user_id uuid,
    db_role name not null default current_user,
    at timestamptz not null default clock_timestamp(),
    constraint audit_log_operation_is_known check (operation in ('INSERT', 'UPDATE', 'DELETE'))
);
create index audit_log_table_row_idx on core.audit_log (table_name, row_key);
create index audit_log_tenant_at_idx on core.audit_log (tenant_id, at);
comment on table core.audit_log is 'Append-only record of every insert, update and delete on application tables, written by core.audit(); no API role may change it and a trigger refuses updates and deletes by anyone.';
comment on column core.audit_log.user_id is 'The acting application user (JWT sub), null for writes made outside a request (build, seed, schedules).';
comment on column core.audit_log.row_key is 'The primary key of the changed row, as jsonb ({"id": ...}).';
