create function crm_private.enqueue_monthly_statements(month date default (pg_catalog.date_trunc('month', crm_private.today()) - interval '1 month')::date)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    month_start date := pg_catalog.date_trunc('month', enqueue_monthly_statements.month)::date;
    month_end date := (pg_catalog.date_trunc('month', enqueue_monthly_statements.month) + interval '1 month')::date;
    month_label text := pg_catalog.to_char(pg_catalog.date_trunc('month', enqueue_monthly_statements.month), 'YYYY-MM');
    queued int;
begin
    -- one statement per account, in account order; one core.enqueue_many per
    -- tenant
    select pg_catalog.count(*)::int
    into queued
    from (
        select accounts.tenant_id,
               pg_catalog.array_agg(
                   crm_private.document_job(accounts.tenant_id, 'monthly_statement', 'crm.accounts', accounts.id,
                                            'statement-' || accounts.id || '-' || month_label || '.pdf')
                       || pg_catalog.jsonb_build_object(
                              'account_id', accounts.id,
                              'client_name', clients.full_name,
                              'month', month_label,
                              'currency', accounts.currency,
                              'opening_balance', crm_private.money_text(balances.opening),
                              'closing_balance', crm_private.money_text(balances.closing),
                              'lines', statement.lines)
                   order by accounts.id) as payloads,
               pg_catalog.array_agg('monthly_statement:' || accounts.id || ':' || month_label order by accounts.id) as dedupe_keys
        from crm.accounts as accounts
        join crm.clients as clients on clients.id = accounts.client_id
        -- the month in UTC: balance before it, its ledger lines, balance after it
        cross join lateral (
            select coalesce(pg_catalog.sum(entries.amount) filter (where entries.created_at < month_start::timestamp at time zone 'UTC'), 0)
                       as opening,
                   coalesce(pg_catalog.sum(entries.amount) filter (where entries.created_at < month_end::timestamp at time zone 'UTC'), 0)
                       as closing
            from crm.ledger_entries as entries
            where entries.account_id = accounts.id
        ) as balances
        cross join lateral (
            select coalesce(pg_catalog.jsonb_agg(
                       pg_catalog.jsonb_build_object(
                           'at', entries.created_at,
                           'description', case transactions.kind
                                              when 'deposit' then 'deposit'
                                              when 'withdrawal_reservation' then 'withdrawal requested'
                                              when 'withdrawal_release' then 'withdrawal rejected, amount released'
                                              when 'realized_pnl' then 'realized profit/loss'
                                              when 'negative_balance_credit' then 'negative balance protection credit'
                                              else transactions.kind end,
                           'amount', crm_private.money_text(entries.amount))
                       order by entries.created_at, entries.id), '[]') as lines
            from crm.ledger_entries as entries
            join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
            where entries.account_id = accounts.id
              and entries.created_at >= month_start::timestamp at time zone 'UTC'
              and entries.created_at < month_end::timestamp at time zone 'UTC'
        ) as statement
        where accounts.created_at < month_end
        group by accounts.tenant_id
    ) as per_tenant
    cross join lateral core.enqueue_many('pdfgen.monthly_statement', per_tenant.payloads, now(), per_tenant.dedupe_keys,
                                         per_tenant.tenant_id) as jobs (id);
    return queued;
end
$$;
comment on function crm_private.enqueue_monthly_statements(date) is 'Queues one pdfgen.monthly_statement job per account that existed during month (default: the previous month, in UTC), carrying everything the statement shows: client name, month, currency, opening and closing balance and the month''s ledger lines (at, description, amount); deduplicated per account and month, so a re-run queues nothing twice; one core.enqueue_many per tenant. Returns the number of accounts. Scheduled monthly by 7_schedule/crm/statements.sql; no API role may call it.';
