create function crm_private.refuse_client_event_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'the client event log is append-only: % refused', tg_op
        using errcode = '42501';
end
$$;
comment on function crm_private.refuse_client_event_change() is 'BEFORE UPDATE/DELETE/TRUNCATE trigger on crm.client_events: the lifecycle log is append-only for everyone, owner included (42501).';

create trigger client_events_are_append_only
before update or delete on crm.client_events
for each row execute function crm_private.refuse_client_event_change();

create trigger client_events_no_truncate
before truncate on crm.client_events
for each statement execute function crm_private.refuse_client_event_change();
