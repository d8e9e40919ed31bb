-- seed.generate_crm(scale): more of the same for benchmarks. Each unit of
-- scale adds 200 KYC-approved clients of Demo Brokerage (seed.generate_clients)
-- and gives each the months-long trading and payment history of
-- seed.generate_money_history; both write set-based, so a scale of 10 takes
-- seconds, not minutes.
create function seed.generate_crm(scale int)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    per_scale constant int := 200;
    demo_id uuid;
    run_tag text := 'bench' || pg_catalog.to_char(pg_catalog.clock_timestamp(), 'YYYYMMDDHH24MISSUS') || '.';
    client_ids uuid[];
    opened int;
begin
    if generate_crm.scale is null or generate_crm.scale < 1 then
        raise exception 'scale must be at least 1, got %', generate_crm.scale using errcode = '22023';
    end if;
    select tenants.id into demo_id from core.tenants as tenants where tenants.app = 'crm' and tenants.name = 'Demo Brokerage';
    if demo_id is null then
        raise exception 'the Demo Brokerage is missing: rebuild with the seed' using errcode = 'PT404';
    end if;

    perform seed.generate_clients(demo_id, generate_crm.scale * per_scale, run_tag, true, 180);
    client_ids := array(select clients.id
                        from crm.clients as clients
                        where clients.tenant_id = demo_id
                          and clients.email like '%.' || run_tag || '%@example.com');
    opened := seed.generate_money_history(client_ids, 6);
    perform seed.as_nobody();
    return opened;
end
$$;
comment on function seed.generate_crm(int) is 'Dev and benchmark data: adds scale x 200 KYC-approved clients of Demo Brokerage (seed.generate_clients) with a six-month history of deposits, positions and withdrawals (seed.generate_money_history). Returns the number of accounts opened. Not called by the build.';
