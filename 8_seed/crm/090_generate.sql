-- seed.generate_crm(scale): more of the same for benchmarks. Each unit of
-- scale onboards 200 more clients of Demo Brokerage through the API (lead
-- registered by an agent, login, two KYC documents, approval by compliance)
-- and gives each the months-long trading and payment history of
-- seed.generate_money_history.
create function seed.generate_crm(scale int)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    per_scale constant int := 200;
    first_names constant text[] := array['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Katrin', 'Luca', 'Maria', 'Noah', 'Olga', 'Paul'];
    last_names constant text[] := array['Meyer', 'Rossi', 'Dubois', 'Novak', 'Schmidt', 'Garcia', 'Jansen', 'Berg', 'Costa', 'Keller', 'Weber', 'Moreau'];
    countries constant text[] := array['DE', 'AT', 'FR', 'IT', 'ES', 'NL', 'PL', 'CH', 'GB', 'SE'];
    agent_emails text[];
    compliance_email text;
    run_tag text := pg_catalog.to_char(pg_catalog.clock_timestamp(), 'YYYYMMDDHH24MISSUS');
    new_client_id uuid;
    client_email text;
    client_ids uuid[] := '{}';
    opened int;
begin
    if generate_crm.scale is null or generate_crm.scale < 1 then
        raise exception 'scale must be at least 1, got %', generate_crm.scale using errcode = '22023';
    end if;

    select pg_catalog.array_agg(users.email order by users.email)
    into agent_emails
    from core.users as users
    join core.tenants as tenants on tenants.id = users.tenant_id
    where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
      and users.role = 'crm_agent' and users.is_active;
    select users.email
    into compliance_email
    from core.users as users
    join core.tenants as tenants on tenants.id = users.tenant_id
    where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
      and users.role = 'crm_compliance' and users.is_active
    order by users.email
    limit 1;

    for i in 1 .. generate_crm.scale * per_scale loop
        client_email := 'bench' || run_tag || '.' || i || '@clients.example';
        perform seed.as_user(agent_emails[1 + (i % pg_catalog.array_length(agent_emails, 1))]);
        new_client_id := crm_api.register_lead(
            client_email,
            first_names[1 + (i % pg_catalog.array_length(first_names, 1))] || ' ' || last_names[1 + ((i / 7) % pg_catalog.array_length(last_names, 1))],
            countries[1 + ((i / 3) % pg_catalog.array_length(countries, 1))]);
        perform crm_private.grant_client_login(new_client_id, 'demo');

        perform seed.as_user(client_email);
        perform crm_api.submit_kyc_document(new_client_id, 'id_document', 'passport-' || i || '.pdf', current_date + 1500);
        perform crm_api.submit_kyc_document(new_client_id, 'proof_of_address', 'utility-bill-' || i || '.pdf', current_date + 300);
        perform seed.as_user(compliance_email);
        perform crm_api.review_kyc(new_client_id, true);

        client_ids := client_ids || new_client_id;
    end loop;

    opened := seed.generate_money_history(client_ids, 6);
    perform seed.as_nobody();
    return opened;
end
$$;
comment on function seed.generate_crm(int) is 'Dev and benchmark data: onboards scale x 200 clients of Demo Brokerage through the API (lead, login, KYC documents, approval) and gives each a six-month history of deposits, positions and withdrawals (seed.generate_money_history). Returns the number of accounts opened. Not called by the build.';
