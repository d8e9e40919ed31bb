create function crm_private.client_is_kyc_approved(client_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
    select coalesce(
        (select clients.status in ('approved', 'funded', 'active', 'dormant')
         from crm.clients as clients
         where clients.id = client_is_kyc_approved.client_id),
        false)
$$;
comment on function crm_private.client_is_kyc_approved(uuid) is 'True when the client passed KYC (status approved, funded, active or dormant); false for an unknown client. Reads the base table: callers (definer API functions) check visibility first.';
