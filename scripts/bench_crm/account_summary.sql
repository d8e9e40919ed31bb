-- One PostgREST request by the client: the account summary (a stable function).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', accounts.client_claims, true),
       set_config('bench.account_id', accounts.account_id::text, true)
from bench_crm.params as accounts
where accounts.n = :n;
set local role crm_client;
select * from crm_api.account_summary(current_setting('bench.account_id')::uuid);
commit;
