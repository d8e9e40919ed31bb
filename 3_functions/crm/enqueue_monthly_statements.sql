create function crm_private.enqueue_monthly_statements(month date default (pg_catalog.date_trunc('month', current_date) - interval '1 month')::date)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    month_start date := pg_catalog.date_trunc('month', enqueue_monthly_statements.month)::date;
    queued int := 0;
    account_row record;
begin
    for account_row in
        select accounts.id, accounts.tenant_id
        from crm.accounts as accounts
        where accounts.created_at < (month_start + interval '1 month')
        order by accounts.id
    loop
        perform core.enqueue(
            'pdfgen.monthly_statement',
            pg_catalog.jsonb_build_object('template', 'monthly_statement', 'account_id', account_row.id, 'month', pg_catalog.to_char(month_start, 'YYYY-MM')),
            now(),
            'monthly_statement:' || account_row.id || ':' || pg_catalog.to_char(month_start, 'YYYY-MM'),
            account_row.tenant_id);
        queued := queued + 1;
    end loop;
    return queued;
end
$$;
comment on function crm_private.enqueue_monthly_statements(date) is 'Queues one pdfgen.monthly_statement job per account that existed during month (default: the previous month), payload {account_id, month}; deduplicated per account and month, so a re-run queues nothing twice. Returns the number of accounts. Scheduled monthly by 7_schedule/crm/statements.sql; no API role may call it.';
