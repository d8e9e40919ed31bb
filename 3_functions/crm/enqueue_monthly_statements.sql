create function crm_private.enqueue_monthly_statements(month date default (pg_catalog.date_trunc('month', current_date) - interval '1 month')::date)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    month_start date := pg_catalog.date_trunc('month', enqueue_monthly_statements.month)::date;
    month_end date := (pg_catalog.date_trunc('month', enqueue_monthly_statements.month) + interval '1 month')::date;
    month_label text := pg_catalog.to_char(pg_catalog.date_trunc('month', enqueue_monthly_statements.month), 'YYYY-MM');
    queued int := 0;
    account_row record;
    opening numeric;
    closing numeric;
    statement_lines jsonb;
begin
    for account_row in
        select accounts.id, accounts.tenant_id, accounts.currency, clients.full_name
        from crm.accounts as accounts
        join crm.clients as clients on clients.id = accounts.client_id
        where accounts.created_at < month_end
        order by accounts.id
    loop
        -- the month in UTC: balance before it, its ledger lines, balance after it
        select coalesce(pg_catalog.sum(entries.amount) filter (where entries.created_at < month_start::timestamp at time zone 'UTC'), 0),
               coalesce(pg_catalog.sum(entries.amount) filter (where entries.created_at < month_end::timestamp at time zone 'UTC'), 0)
        into opening, closing
        from crm.ledger_entries as entries
        where entries.account_id = account_row.id;

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
                   order by entries.created_at, entries.id), '[]')
        into statement_lines
        from crm.ledger_entries as entries
        join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
        where entries.account_id = account_row.id
          and entries.created_at >= month_start::timestamp at time zone 'UTC'
          and entries.created_at < month_end::timestamp at time zone 'UTC';

        perform core.enqueue(
            'pdfgen.monthly_statement',
            crm_private.document_job(account_row.tenant_id, 'monthly_statement', 'crm.accounts', account_row.id,
                                     'statement-' || account_row.id || '-' || month_label || '.pdf')
                || pg_catalog.jsonb_build_object(
                       'account_id', account_row.id,
                       'client_name', account_row.full_name,
                       'month', month_label,
                       'currency', account_row.currency,
                       'opening_balance', crm_private.money_text(opening),
                       'closing_balance', crm_private.money_text(closing),
                       'lines', statement_lines),
            now(),
            'monthly_statement:' || account_row.id || ':' || month_label,
            account_row.tenant_id);
        queued := queued + 1;
    end loop;
    return queued;
end
$$;
comment on function crm_private.enqueue_monthly_statements(date) is 'Queues one pdfgen.monthly_statement job per account that existed during month (default: the previous month, in UTC), carrying everything the statement shows: client name, month, currency, opening and closing balance and the month''s ledger lines (at, description, amount); deduplicated per account and month, so a re-run queues nothing twice. Returns the number of accounts. Scheduled monthly by 7_schedule/crm/statements.sql; no API role may call it.';
