-- Two PostgREST requests by the client: open 0.01 lot of EURUSD, then close it.
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', accounts.client_claims, true),
       set_config('bench.account_id', accounts.account_id::text, true)
from bench_crm.params as accounts
where accounts.n = :n;
set local role crm_client;
select set_config('bench.position_id', crm_api.open_position(current_setting('bench.account_id')::uuid, 'EURUSD', 'buy', 0.01, 1.0805)::text, false);
commit;
begin;
select set_config('request.jwt.claims', accounts.client_claims, true)
from bench_crm.params as accounts
where accounts.n = :n;
set local role crm_client;
select crm_api.close_position(current_setting('bench.position_id')::uuid, 1.0800);
commit;
