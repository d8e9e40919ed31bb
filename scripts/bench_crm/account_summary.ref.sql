-- The same account's state computed by its owner without the API: no role switch, no row level security, no visibility check.
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', accounts.client_claims, true),
       set_config('bench.account_id', accounts.account_id::text, true)
from bench_crm.params as accounts
where accounts.n = :n;
select * from crm_private.account_state(current_setting('bench.account_id')::uuid);
commit;
