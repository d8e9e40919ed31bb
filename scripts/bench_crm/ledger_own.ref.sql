-- The reference for ledger_own: the same legs (the client's accounts', with their transaction's kind) read by the table owner, without row level security, the request's role or the views.
\set n random(1, :rows)
begin;
select set_config('bench.client_user_id', accounts.client_user_id::text, true)
from bench_crm.params as accounts
where accounts.n = :n;
select coalesce(pg_catalog.json_agg(entries), '[]')
from (select entries.id, entries.account_id, null::text as house_account, entries.amount, entries.currency,
             transactions.kind, transactions.ref_id, entries.created_at
      from crm.ledger_entries as entries
      join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
      where entries.account_id in (select accounts.id
                                   from crm.accounts as accounts
                                   join crm.clients as clients on clients.id = accounts.client_id
                                   where clients.user_id = current_setting('bench.client_user_id')::uuid)) as entries;
commit;
