create function crm_api.open_account(client_id uuid, currency text, leverage int)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    client_classification text;
    highest_cap int;
    account_id uuid;
begin
    if open_account.currency is null or open_account.currency not in ('EUR', 'USD', 'GBP', 'CHF') then
        raise exception 'unsupported account currency %', coalesce(open_account.currency, 'null')
            using errcode = '22023', hint = 'an account is in EUR, USD, GBP or CHF';
    end if;
    if open_account.leverage is null or open_account.leverage <= 0 then
        raise exception 'leverage must be positive, got %', coalesce(open_account.leverage::text, 'null')
            using errcode = '22023';
    end if;

    -- visibility as the caller: the client sees only themself, a manager the desk
    if not exists (
        select
        from crm_private.clients as clients
        where clients.id = open_account.client_id
    ) then
        raise exception 'client % not found', open_account.client_id
            using errcode = 'PT404';
    end if;

    select clients.classification
    into client_classification
    from crm.clients as clients
    where clients.id = open_account.client_id
    for update;

    perform crm_private.require_client_in_good_standing(open_account.client_id, 'account');

    select pg_catalog.max(caps.max_leverage)
    into highest_cap
    from crm.leverage_caps as caps
    join crm.clients as clients on clients.id = open_account.client_id
    where caps.classification = client_classification
      and (caps.tenant_id = clients.tenant_id
           or (caps.tenant_id is null
               and not exists (select from crm.leverage_caps as own
                               where own.tenant_id = clients.tenant_id
                                 and own.classification = caps.classification
                                 and own.instrument_class = caps.instrument_class)));
    if open_account.leverage > highest_cap then
        raise exception 'leverage 1:% exceeds the 1:% cap of a % client', open_account.leverage, highest_cap, client_classification
            using errcode = 'P0001',
                  detail = 'caps per instrument class are in crm.leverage_caps';
    end if;

    insert into crm.accounts (tenant_id, client_id, currency, leverage)
    select clients.tenant_id, clients.id, open_account.currency, open_account.leverage
    from crm.clients as clients
    where clients.id = open_account.client_id
    returning accounts.id into account_id;
    return account_id;
end
$$;
comment on function crm_api.open_account(uuid, text, int) is 'Opens a trading account for a client (the client for themself, or a manager of the client''s desk) in EUR, USD, GBP or CHF with a leverage up to the highest cap of the client''s classification (crm.leverage_caps). Raises 22023 for an unknown currency or a non-positive leverage, PT404 for a client the caller cannot see, PT409 for a closed client, P0001 when KYC is not approved or the identity document expired, or the leverage exceeds the cap. Security definer (search_path '''') because API roles have no privilege on crm.accounts; it checks visibility through crm_private.clients.';
