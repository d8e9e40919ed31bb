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
    total_eur numeric;
    window_ids uuid[];
    open_case_id uuid;
    open_since timestamptz;
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

    -- an open threshold case counts every deposit of the client made while
    -- it is open, and shows compliance their sum: a deposit it did not count
    -- would never be reviewed, since its clearance covers what it counted
    select aml_cases.id, aml_cases.opened_at
    into open_case_id, open_since
    from crm.aml_cases as aml_cases
    where aml_cases.client_id = client.id
      and aml_cases.reason = 'threshold'
      and aml_cases.status = 'open';
    if open_case_id is not null then
        -- the deposits of its window and since that no case counted: a
        -- deposit is dated when its transaction began, so one that waited
        -- for a lock while the case opened and committed after it is dated
        -- before the opening, yet the case never saw it
        insert into crm.aml_case_deposits (tenant_id, case_id, deposit_id)
        select client.tenant_id, open_case_id, deposits.id
        from crm.deposits as deposits
        join crm.accounts as accounts on accounts.id = deposits.account_id
        where accounts.client_id = client.id
          and deposits.created_at > open_since - window_length
          and not exists (select from crm.aml_case_deposits as counted where counted.deposit_id = deposits.id);
        update crm.aml_cases as aml_cases
        set total_eur = (
                select pg_catalog.round(pg_catalog.sum(deposits.amount
                           * crm_private.eur_rate(deposits.currency, (deposits.created_at at time zone 'UTC')::date)), 2)
                from crm.aml_case_deposits as counted
                join crm.deposits as deposits on deposits.id = counted.deposit_id
                where counted.case_id = open_case_id)
        where aml_cases.id = open_case_id;
        return opened_id;
    end if;

    -- the deposits of the rolling window that no cleared case counted, each
    -- at its day's rate
    select coalesce(pg_catalog.sum(deposits.amount
               * crm_private.eur_rate(deposits.currency, (deposits.created_at at time zone 'UTC')::date)), 0),
           pg_catalog.array_agg(deposits.id)
    into total_eur, window_ids
    from crm.deposits as deposits
    join crm.accounts as accounts on accounts.id = deposits.account_id
    where accounts.client_id = client.id
      and deposits.created_at > now() - window_length
      and not exists (select from crm.aml_case_deposits as counted where counted.deposit_id = deposits.id);

    if total_eur >= threshold_eur then
        insert into crm.aml_cases (tenant_id, client_id, reason, total_eur)
        values (client.tenant_id, client.id, 'threshold', pg_catalog.round(total_eur, 2))
        returning aml_cases.id into case_id;
        insert into crm.aml_case_deposits (tenant_id, case_id, deposit_id)
        select client.tenant_id, case_id, counted.id
        from pg_catalog.unnest(window_ids) as counted (id);
        opened_id := coalesce(opened_id, case_id);
    end if;
    return opened_id;
end
$$;
comment on function crm_private.check_aml(uuid) is 'AML monitoring of one client, called after each deposit and when the PEP flag is set, under the lock of the client''s row: opens a pep case for a PEP, and a threshold case when the client''s deposits of the rolling window (crm.aml_rules) that no cleared case counted reach the threshold in EUR at each deposit day''s rate. While a threshold case is open, every deposit of the client joins it (crm.aml_case_deposits) and its total_eur is their sum: compliance clears what it was shown, and a deposit a cleared case counted counts toward no other. Never a second open case for the same reason. Returns the id of the case this call opened, or null. Raises PT404 for an unknown client.';
