-- Demo clients through the API functions, as their users would; then a few
-- hundred generated ones over the last eight months, written set-based
-- (seed.generate_clients) so that the seed costs milliseconds, not seconds.
do $$
declare
    demo uuid := (select tenants.id from core.tenants as tenants where tenants.app = 'crm' and tenants.name = 'Demo Brokerage');
    other uuid := (select tenants.id from core.tenants as tenants where tenants.app = 'crm' and tenants.name = 'Other Brokerage');
    client1 uuid;
    client2 uuid;
    other_client uuid;
begin
    -- client1: registered herself through ib1's referral link, passed KYC
    perform seed.as_nobody();
    client1 := crm_api.register_lead('client1@crm.demo', 'Clara Schmidt', 'DE', '+49 30 5550 1234', 'IB1DEMO');
    perform crm_private.grant_client_login(client1, 'demo');
    perform seed.as_user('client1@crm.demo');
    perform crm_api.submit_kyc_document(client1, 'id_document', 'kyc/client1/passport.pdf', (current_date + interval '6 years')::date);
    perform crm_api.submit_kyc_document(client1, 'proof_of_address', 'kyc/client1/utility_bill.pdf', null);
    perform seed.as_user('compliance@crm.demo');
    perform crm_api.review_kyc(client1, true, 'passport and utility bill verified');

    -- client2: a lead entered by the manager (British, so agent2's); it may
    -- log in but has not started registration, so its status stays lead
    perform seed.as_user('manager@crm.demo');
    client2 := crm_api.register_lead('client2@crm.demo', 'Colin Baker', 'GB', '+44 20 7946 0018');
    update crm.clients as clients
    set user_id = core.create_user(demo, 'client2@crm.demo', 'Colin Baker', 'crm_client', 'demo')
    where clients.id = client2;

    -- the other brokerage: one approved client (it has no compliance officer
    -- of its own in the demo, so its outsourced review is recorded directly)
    perform seed.as_user('manager@other-crm.demo');
    other_client := crm_api.register_lead('client@other-crm.demo', 'Otto Berger', 'AT', '+43 1 555 0199');
    perform crm_private.grant_client_login(other_client, 'demo');
    perform seed.as_user('client@other-crm.demo');
    perform crm_api.submit_kyc_document(other_client, 'id_document', 'kyc/other/id_card.pdf', (current_date + interval '4 years')::date);
    perform crm_api.submit_kyc_document(other_client, 'proof_of_address', 'kyc/other/bank_statement.pdf', null);
    perform seed.as_user('manager@other-crm.demo');
    update crm.kyc_documents as kyc_documents
    set status = 'approved',
        reviewed_by = core.current_user_id(),
        reviewed_at = now(),
        review_reason = 'outsourced compliance review'
    where kyc_documents.client_id = other_client;
    perform crm_private.transition_client(other_client, 'approved', 'KYC approved by outsourced compliance');

    perform seed.as_nobody();
end
$$;

-- Generated leads and clients: what the API would have written for each
-- (client, lifecycle events, KYC documents and their review), in a handful
-- of set-based statements. The audit triggers are off while they run: the
-- generated history is loaded as data, and the audit log records what
-- happens from the build on.
create function seed.generate_clients(tenant_id uuid, how_many int, email_tag text, all_approved boolean default false, days_back int default 240)
returns int
language plpgsql
volatile
set search_path = ''
set client_min_messages = warning  -- no notice per 'drop table if exists'
set jit = off  -- temp tables have no statistics: estimated costs would trigger seconds of JIT compilation
as $$
declare
    first_names constant text[] := array['Anna', 'Ben', 'Carla', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas',
                                         'Katja', 'Luca', 'Mila', 'Noah', 'Olivia', 'Paul', 'Rosa', 'Simon', 'Tara', 'Ugo',
                                         'Vera', 'Wim', 'Yara', 'Zoe', 'Marek', 'Sofia', 'Lars', 'Chloe', 'Pedro', 'Ewa'];
    last_names constant text[] := array['Müller', 'Rossi', 'García', 'Dubois', 'Jansen', 'Nowak', 'Smith', 'Andersson', 'Silva', 'Novak',
                                        'Weber', 'Ferrari', 'Martín', 'Laurent', 'de Vries', 'Kowalski', 'Jones', 'Berg', 'Costa', 'Horvat'];
    countries constant text[] := array['DE', 'DE', 'AT', 'CH', 'FR', 'IT', 'ES', 'NL', 'GB', 'GB', 'PL', 'SE', 'PT', 'BE', 'IE'];
    agent_ids uuid[];
    master_ib_id uuid;
    compliance_id uuid;
    created int;
begin
    -- the temporary table below is created here, so the linter cannot see it
    perform 'PRAGMA:TABLE: generated_clients (n int, id uuid, full_name text, email text, country text, created timestamptz, channel int, fate float8, agent_id uuid, desk_id uuid, ib_id uuid, status text)';
    select pg_catalog.array_agg(staff.user_id order by users.created_at, staff.user_id)
    into agent_ids
    from crm.staff as staff
    join core.users as users on users.id = staff.user_id
    where staff.tenant_id = generate_clients.tenant_id and users.role = 'crm_agent' and users.is_active;
    select ibs.id into master_ib_id
    from crm.ibs as ibs
    where ibs.tenant_id = generate_clients.tenant_id and ibs.parent_id is null
    order by ibs.created_at, ibs.id limit 1;
    select users.id into compliance_id
    from core.users as users
    where users.tenant_id = generate_clients.tenant_id and users.role = 'crm_compliance' and users.is_active
    order by users.created_at, users.id limit 1;

    drop table if exists pg_temp.generated_clients;
    create temporary table generated_clients on commit drop as
    select picks.n,
           pg_catalog.gen_random_uuid() as id,
           picks.first_name || ' ' || picks.last_name as full_name,
           pg_catalog.format('%s.%s.%s%s@example.com', pg_catalog.lower(picks.first_name),
                             pg_catalog.lower(pg_catalog.replace(picks.last_name, ' ', '')), generate_clients.email_tag, picks.n) as email,
           picks.country,
           picks.created,
           picks.n % 3 as channel,
           case when generate_clients.all_approved then 1.0::float8 else picks.fate end as fate
    from (
        select n,
               first_names[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(first_names, 1))::int] as first_name,
               last_names[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(last_names, 1))::int] as last_name,
               countries[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(countries, 1))::int] as country,
               now() - pg_catalog.make_interval(days => pg_catalog.floor(pg_catalog.random() * generate_clients.days_back)::int,
                                                mins => pg_catalog.floor(pg_catalog.random() * 1440)::int) as created,
               pg_catalog.random() as fate
        from pg_catalog.generate_series(1, generate_clients.how_many) as n
    ) as picks;

    -- routing as crm_private.pick_agent does it: the country rule, else round-robin
    alter table generated_clients add column agent_id uuid, add column desk_id uuid, add column ib_id uuid, add column status text;
    update generated_clients
    set agent_id = coalesce(
            (select country_rules.agent_id from crm.country_rules as country_rules
             where country_rules.tenant_id = generate_clients.tenant_id and country_rules.country = generated_clients.country),
            agent_ids[1 + generated_clients.n % coalesce(pg_catalog.array_length(agent_ids, 1), 1)]),
        ib_id = case when generated_clients.channel = 0 then master_ib_id end,
        status = case when generated_clients.fate < 0.45 then 'lead'
                      when generated_clients.fate < 0.6 then 'kyc_pending'
                      when generated_clients.fate < 0.65 then 'registered'
                      else 'approved' end;
    update generated_clients
    set desk_id = (select staff.desk_id from crm.staff as staff where staff.user_id = generated_clients.agent_id);

    perform seed.audit(false);

    insert into crm.clients (id, tenant_id, email, full_name, country, phone, status, agent_id, desk_id, ib_id, created_at, status_changed_at)
    select generated.id, generate_clients.tenant_id, generated.email, generated.full_name, generated.country,
           case when generated.channel = 1 then '+' || (4900000000 + generated.n * 7919)::text end,
           generated.status, generated.agent_id, generated.desk_id, generated.ib_id, generated.created,
           case when generated.status = 'lead' then generated.created else generated.created + interval '3 days' end
    from generated_clients as generated;
    get diagnostics created = row_count;

    -- the lifecycle log: registration, documents, the review
    insert into crm.client_events (tenant_id, client_id, from_status, to_status, reason, user_id, at)
    select generate_clients.tenant_id, generated.id, events.from_status, events.to_status, events.reason, events.user_id, events.at
    from generated_clients as generated
    cross join lateral (
        values (null, 'lead',
                case when generated.ib_id is not null then 'registered with referral code ' || (select ibs.referral_code from crm.ibs as ibs where ibs.id = generated.ib_id)
                     else 'registered' end,
                case when generated.channel = 2 then generated.agent_id end,
                generated.created, true),
               ('lead', 'kyc_pending', 'KYC document submitted', generated.agent_id, generated.created + interval '2 days',
                generated.status <> 'lead'),
               ('kyc_pending', generated.status,
                case generated.status when 'approved' then 'documents verified' else 'address document unreadable' end,
                compliance_id, generated.created + interval '3 days', generated.status in ('approved', 'registered'))
    ) as events (from_status, to_status, reason, user_id, at, happened)
    where events.happened;

    insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, status, uploaded_by, uploaded_at,
                                   reviewed_by, reviewed_at, review_reason)
    select generate_clients.tenant_id, generated.id, documents.kind,
           pg_catalog.format('kyc/%s/%s.pdf', generated.id, documents.file), documents.expires_on,
           case generated.status when 'approved' then 'approved' when 'registered' then 'rejected' else 'pending' end,
           generated.agent_id, generated.created + interval '2 days',
           case when generated.status in ('approved', 'registered') then compliance_id end,
           case when generated.status in ('approved', 'registered') then generated.created + interval '3 days' end,
           case generated.status when 'approved' then 'documents verified' when 'registered' then 'address document unreadable' end
    from generated_clients as generated
    cross join lateral (
        values ('id_document', 'id', current_date + 365 + (generated.n * 3) % 3000),
               ('proof_of_address', 'address', null::date)
    ) as documents (kind, file, expires_on)
    where generated.status <> 'lead';

    perform seed.audit(true);
    return created;
end
$$;
comment on function seed.generate_clients(uuid, int, text, boolean, int) is 'Dev seed only: how_many leads and clients of a brokerage registered over the last days_back days (a third through its master IB''s referral code, a third from the website, a third by agents), routed as pick_agent does; about 55 % submitted KYC documents, most of them approved (all of them when all_approved). Writes what the API would (clients, lifecycle events, documents and their review by compliance) set-based, without audit rows. E-mails are <first>.<last>.<email_tag><n>@example.com. Returns how many it created.';

-- Switches the audit triggers of the generated tables off (false) or on
-- again (true): bulk-generated history is loaded as data, not audited row
-- by row (the audit trigger costs more than the rest of the seed together).
create function seed.audit(enabled boolean)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    table_name text;
begin
    -- deferred checks pending on these tables (the ledger's balance) run now:
    -- a table with pending trigger events cannot be altered
    set constraints all immediate;
    set constraints all deferred;
    foreach table_name in array array['core.users', 'crm.clients', 'crm.client_events', 'crm.kyc_documents', 'crm.accounts',
                                      'crm.deposits', 'crm.withdrawals', 'crm.positions', 'crm.ib_commissions', 'crm.aml_cases',
                                      'crm.ledger_transactions', 'crm.ledger_entries'] loop
        execute pg_catalog.format('alter table %s %s trigger audit', table_name, case when audit.enabled then 'enable' else 'disable' end);
    end loop;
end
$$;
comment on function seed.audit(boolean) is 'Dev seed only: disables (false) or enables (true) the audit trigger of the tables the generators write.';

-- The Demo Brokerage's generated clients.
select pg_catalog.setseed(0.4242);
select seed.generate_clients(tenants.id, 300, '')
from core.tenants as tenants
where tenants.app = 'crm' and tenants.name = 'Demo Brokerage';
