-- One PostgREST request by finance (the payment provider's callback): a 100 wire deposit.
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', accounts.finance_claims, true),
       set_config('bench.account_id', accounts.account_id::text, true)
from bench_crm.params as accounts
where accounts.n = :n;
set local role crm_finance;
select crm_api.record_deposit(current_setting('bench.account_id')::uuid, 100, 'wire', 'bench-' || pg_catalog.gen_random_uuid());
commit;
