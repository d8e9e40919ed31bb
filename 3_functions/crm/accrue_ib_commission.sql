create function crm_private.accrue_ib_commission(position_id uuid)
returns void
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
    position_row record;
    client crm.clients;
    client_user_email text;
    min_hold interval;
    ib record;
    next_ib_id uuid;
    chain_level int := 1;
    rate numeric;
    commission record;
begin
    select positions.id, positions.tenant_id, positions.lots, positions.opened_at, positions.closed_at,
           accounts.client_id, instruments.instrument_class
    into position_row
    from crm.positions as positions
    join crm.accounts as accounts on accounts.id = positions.account_id
    join crm.instruments as instruments on instruments.symbol = positions.symbol
    where positions.id = accrue_ib_commission.position_id;
    if not found then
        raise exception 'position % not found', accrue_ib_commission.position_id using errcode = 'PT404';
    end if;
    if position_row.closed_at is null then
        raise exception 'position % is still open', accrue_ib_commission.position_id using errcode = 'PT409';
    end if;

    select * into client from crm.clients as clients where clients.id = position_row.client_id;
    if client.ib_id is null then
        return;
    end if;

    -- no commission for trades held less than the minimum time
    select commission_rules.min_hold
    into min_hold
    from crm.commission_rules as commission_rules
    where commission_rules.tenant_id = position_row.tenant_id or commission_rules.tenant_id is null
    order by commission_rules.tenant_id nulls last
    limit 1;
    if position_row.closed_at - position_row.opened_at < coalesce(min_hold, interval '0') then
        return;
    end if;

    select users.email into client_user_email from core.users as users where users.id = client.user_id;

    -- the client's IB at level 1, then up the chain
    next_ib_id := client.ib_id;
    while next_ib_id is not null and chain_level <= 10 loop
        select ibs.id, ibs.parent_id, ibs.user_id, users.email
        into ib
        from crm.ibs as ibs
        join core.users as users on users.id = ibs.user_id
        where ibs.id = next_ib_id;
        exit when not found;

        -- no self-rebate: an IB earns nothing on its own trading
        if ib.user_id is distinct from client.user_id
           and pg_catalog.lower(ib.email) <> pg_catalog.lower(client.email)
           and pg_catalog.lower(ib.email) is distinct from pg_catalog.lower(client_user_email) then
            rate := null;
            if chain_level = 1 then
                select ib_rate_overrides.usd_per_lot
                into rate
                from crm.ib_rate_overrides as ib_rate_overrides
                where ib_rate_overrides.ib_id = ib.id
                  and ib_rate_overrides.instrument_class = position_row.instrument_class;
            end if;
            if rate is null then
                select ib_commission_rates.usd_per_lot
                into rate
                from crm.ib_commission_rates as ib_commission_rates
                where (ib_commission_rates.tenant_id = position_row.tenant_id or ib_commission_rates.tenant_id is null)
                  and ib_commission_rates.instrument_class = position_row.instrument_class
                  and ib_commission_rates.ib_level = chain_level
                order by ib_commission_rates.tenant_id nulls last
                limit 1;
            end if;
            if rate > 0 then
                insert into crm.ib_commissions (tenant_id, ib_id, position_id, ib_level, instrument_class, lots, usd_per_lot, amount, currency)
                values (position_row.tenant_id, ib.id, position_row.id, chain_level, position_row.instrument_class,
                        position_row.lots, rate, pg_catalog.round(position_row.lots * rate, 2), 'USD')
                on conflict (position_id, ib_id) do nothing
                returning ib_commissions.id, ib_commissions.amount, ib_commissions.currency into commission;
                -- the brokerage owes it from now on: commission expense against the IBs' payable
                if commission.id is not null and commission.amount > 0 then
                    perform crm_private.post_ledger(
                        position_row.tenant_id,
                        'ib_commission',
                        commission.id,
                        pg_catalog.jsonb_build_array(
                            pg_catalog.jsonb_build_object('house_account', 'ib_commission_expense', 'currency', commission.currency, 'amount', -commission.amount),
                            pg_catalog.jsonb_build_object('house_account', 'ib_payables', 'currency', commission.currency, 'amount', commission.amount)));
                end if;
            end if;
        end if;

        next_ib_id := ib.parent_id;
        chain_level := chain_level + 1;
    end loop;
end
$$;
comment on function crm_private.accrue_ib_commission(uuid) is 'Called when a position closes: pays the client''s IB (level 1, its own override for the instrument class if any, else the level rate) and each IB up the chain its level rate (crm.ib_commission_rates, tenant rows over defaults), in USD per lot, into crm.ib_commissions, each booked in the ledger (kind ib_commission: ib_commission_expense against ib_payables, ref_id the commission row), so the ledger explains what the brokerage owes its IBs. Nothing for a trade held less than crm.commission_rules.min_hold, nothing to an IB on its own trades (no self-rebate); accruing twice changes nothing. Raises PT404 for an unknown position, PT409 for an open one.';
