create function crm_private.check_aml(client_id uuid)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
    client crm.clients;
    threshold_eur numeric;
    window_length interval;
    since timestamptz;
    total_eur numeric;
    opened_id uuid;
    case_id uuid;
begin
    select * into client from crm.clients as clients where clients.id = check_aml.client_id;
    if not found then
        raise exception 'client % not found', check_aml.client_id using errcode = 'PT404';
    end if;

    select aml_rules.threshold_eur, aml_rules.window_length
    into threshold_eur, window_length
    from crm.aml_rules as aml_rules
    where aml_rules.tenant_id = client.tenant_id or aml_rules.tenant_id is null
    order by aml_rules.tenant_id nulls last
    limit 1;

    -- a PEP always has an open case until compliance clears it
    if client.is_pep then
        insert into crm.aml_cases (tenant_id, client_id, reason)
        values (client.tenant_id, client.id, 'pep')
        on conflict (client_id, reason) where status = 'open' do nothing
        returning aml_cases.id into case_id;
        opened_id := coalesce(opened_id, case_id);
    end if;

    -- deposits of the rolling window, each at its day's rate; a cleared
    -- threshold case restarts the count from its clearance
    since := now() - window_length;
    select greatest(since, pg_catalog.max(aml_cases.cleared_at))
    into since
    from crm.aml_cases as aml_cases
    where aml_cases.client_id = client.id
      and aml_cases.reason = 'threshold'
      and aml_cases.status = 'cleared';

    select coalesce(pg_catalog.sum(deposits.amount
               * crm_private.eur_rate(deposits.currency, (deposits.created_at at time zone 'UTC')::date)), 0)
    into total_eur
    from crm.deposits as deposits
    join crm.accounts as accounts on accounts.id = deposits.account_id
    where accounts.client_id = client.id
      and deposits.created_at > since;

    if total_eur >= threshold_eur then
        case_id := null;
        insert into crm.aml_cases (tenant_id, client_id, reason, total_eur)
        values (client.tenant_id, client.id, 'threshold', pg_catalog.round(total_eur, 2))
        on conflict (client_id, reason) where status = 'open' do nothing
        returning aml_cases.id into case_id;
        opened_id := coalesce(opened_id, case_id);
    end if;
    return opened_id;
end
$$;
comment on function crm_private.check_aml(uuid) is 'AML monitoring of one client, called after each deposit and when the PEP flag is set: opens a pep case for a PEP, and a threshold case when the client''s deposits of the rolling window (crm.aml_rules, counted from the last cleared threshold case if later) reach the threshold in EUR at each deposit day''s rate. Never a second open case for the same reason. Returns the id of the case this call opened, or null. Raises PT404 for an unknown client.';
