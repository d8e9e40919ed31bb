create function core.audit_tables(schema_name name)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    table_oid regclass;
    attached int := 0;
begin
    -- an unknown schema fails the cast to regnamespace below with 3F000
    for table_oid in
        select tables.oid::regclass
        from pg_catalog.pg_class as tables
        where tables.relnamespace = audit_tables.schema_name::regnamespace
          and tables.relkind in ('r', 'p')
          and not tables.relispartition
          and not exists (select from pg_catalog.pg_trigger as triggers
                          where triggers.tgrelid = tables.oid and triggers.tgname = 'audit')
        order by tables.relname
    loop
        execute pg_catalog.format(
            'create trigger audit after insert or update or delete on %s for each row execute function core.audit()',
            table_oid);
        attached := attached + 1;
    end loop;
    return attached;
end
$$;
comment on function core.audit_tables(name) is 'Attaches the audit trigger (core.audit(), after insert, update and delete, for each row) to every table of an application''s data schema that has none yet, and returns how many it attached (3F000 for an unknown schema); so a new table is audited without anyone remembering to. A table with columns to keep out of the log gets its own trigger first (core.audit(''column'')). Run from 4_triggers/<app>/audit.sql.';
