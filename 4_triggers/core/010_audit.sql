create function core.audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then pg_catalog.to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then pg_catalog.to_jsonb(new) end;
    any_row jsonb;
begin
    -- columns named as trigger arguments (secrets) are left out of the log
    for i in 0 .. tg_nargs - 1 loop
        old_row := old_row - tg_argv[i];
        new_row := new_row - tg_argv[i];
    end loop;
    any_row := coalesce(new_row, old_row);
    -- db_role: current_user here is this definer function's owner, so the
    -- request's role is read from the role setting (SET [LOCAL] ROLE), which a
    -- definer function does not change; the session user when none was set
    insert into core.audit_log (tenant_id, table_name, row_key, operation, old_row, new_row, user_id, db_role)
    values (
        (any_row ->> 'tenant_id')::uuid,
        tg_table_schema || '.' || tg_table_name,
        case when any_row ? 'id' then pg_catalog.jsonb_build_object('id', any_row -> 'id') else any_row end,
        tg_op,
        old_row,
        new_row,
        core.current_user_id(),
        coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name);
    return null;
end
$$;
comment on function core.audit() is 'AFTER row trigger for every application table: appends table, row key, old and new row as jsonb (without the columns named as trigger arguments) and the acting user to core.audit_log. Security definer (search_path '''') so that the log is written whoever writes the row, while no API role may write the log itself.';

create function core.refuse_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception '% is append-only: % refused', coalesce(tg_argv[0], tg_table_schema || '.' || tg_table_name), tg_op
        using errcode = '42501',
              hint = coalesce(tg_argv[1], 'append a new row instead');
end
$$;
comment on function core.refuse_change() is 'BEFORE UPDATE/DELETE/TRUNCATE trigger for append-only tables (the audit log, event logs, the ledger): refuses the change for everyone, owner included, with 42501. Arguments: what the table is (for the message), and an optional hint.';

create trigger audit_log_is_append_only
before update or delete on core.audit_log
for each row execute function core.refuse_change('the audit log');

create trigger audit_log_no_truncate
before truncate on core.audit_log
for each statement execute function core.refuse_change('the audit log');
