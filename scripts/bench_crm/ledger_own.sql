-- One PostgREST request by the client: the ledger legs of all their accounts through crm_api.ledger_entries (the rows aggregated to JSON); the policies pick the rows (the accounts crm.accounts' policies let them see).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', accounts.client_claims, true)
from bench_crm.params as accounts
where accounts.n = :n;
set local role crm_client;
select coalesce(pg_catalog.json_agg(entries), '[]')
from (select * from crm_api.ledger_entries) as entries;
commit;
