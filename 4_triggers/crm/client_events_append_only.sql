create trigger client_events_are_append_only
before update or delete on crm.client_events
for each row execute function core.refuse_change('the client event log');

create trigger client_events_no_truncate
before truncate on crm.client_events
for each statement execute function core.refuse_change('the client event log');
