create function crm_private.lock_client(client_id uuid)
returns crm.clients
language sql
volatile
set search_path = ''
as $$
    select clients.*
    from crm.clients as clients
    where clients.id = lock_client.client_id
    for update
$$;
comment on function crm_private.lock_client(uuid) is 'The client''s row, locked for update until the transaction ends; null for no such client. The functions that read a client''s status and then move it or count on it (record_deposit, submit_kyc_document, open_position, review_kyc) take it after the account''s row (close_client''s order), so that two calls at once for one client wait for each other and the second reads what the first left (one status move, one AML sum). For update because transition_client takes that lock: a weaker one here would have to be raised there, which another transaction''s key share lock (a foreign key check) could block while that one waits for ours, a deadlock. Internal: callers check visibility first.';
