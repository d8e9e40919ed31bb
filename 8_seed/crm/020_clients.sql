-- Demo clients, then a few hundred generated ones over the last eight months,
-- all through the API functions; only the dates are backdated afterwards.
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

-- Generated clients of the Demo Brokerage: a third through ib1's link, a
-- third from the website (x-brokerage header), a third entered by agents;
-- about 55 % go on to KYC, most of them are approved.
do $$
declare
    demo uuid := (select tenants.id from core.tenants as tenants where tenants.app = 'crm' and tenants.name = 'Demo Brokerage');
    first_names text[] := array['Anna', 'Ben', 'Carla', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas',
                                'Katja', 'Luca', 'Mila', 'Noah', 'Olivia', 'Paul', 'Rosa', 'Simon', 'Tara', 'Ugo',
                                'Vera', 'Wim', 'Yara', 'Zoe', 'Marek', 'Sofia', 'Lars', 'Chloe', 'Pedro', 'Ewa'];
    last_names text[] := array['Müller', 'Rossi', 'García', 'Dubois', 'Jansen', 'Nowak', 'Smith', 'Andersson', 'Silva', 'Novak',
                               'Weber', 'Ferrari', 'Martín', 'Laurent', 'de Vries', 'Kowalski', 'Jones', 'Berg', 'Costa', 'Horvat'];
    countries text[] := array['DE', 'DE', 'AT', 'CH', 'FR', 'IT', 'ES', 'NL', 'GB', 'GB', 'PL', 'SE', 'PT', 'BE', 'IE'];
    n int;
    first_name text;
    last_name text;
    country text;
    generated_id uuid;
    created timestamptz;
    fate float8;
begin
    perform pg_catalog.setseed(0.4242);
    for n in 1 .. 300 loop
        first_name := first_names[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(first_names, 1))::int];
        last_name := last_names[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(last_names, 1))::int];
        country := countries[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(countries, 1))::int];
        created := now() - pg_catalog.make_interval(days => pg_catalog.floor(pg_catalog.random() * 240)::int,
                                                    mins => pg_catalog.floor(pg_catalog.random() * 1440)::int);

        if n % 3 = 0 then
            perform seed.as_nobody();
            generated_id := crm_api.register_lead(
                pg_catalog.format('%s.%s.%s@example.com', pg_catalog.lower(first_name), pg_catalog.lower(pg_catalog.replace(last_name, ' ', '')), n),
                first_name || ' ' || last_name, country, null, 'IB1DEMO');
        elsif n % 3 = 1 then
            perform seed.as_nobody();
            perform pg_catalog.set_config('request.headers', pg_catalog.json_build_object('x-brokerage', demo)::text, true);
            generated_id := crm_api.register_lead(
                pg_catalog.format('%s.%s.%s@example.com', pg_catalog.lower(first_name), pg_catalog.lower(pg_catalog.replace(last_name, ' ', '')), n),
                first_name || ' ' || last_name, country, '+' || (4900000000 + n * 7919)::text);
        else
            perform seed.as_user(case when n % 2 = 0 then 'agent1@crm.demo' else 'agent2@crm.demo' end);
            generated_id := crm_api.register_lead(
                pg_catalog.format('%s.%s.%s@example.com', pg_catalog.lower(first_name), pg_catalog.lower(pg_catalog.replace(last_name, ' ', '')), n),
                first_name || ' ' || last_name, country);
        end if;

        fate := pg_catalog.random();
        if fate >= 0.45 then
            -- the assigned agent collects the documents
            perform seed.as_user((select users.email from crm.clients as clients
                                  join core.users as users on users.id = clients.agent_id
                                  where clients.id = generated_id));
            perform crm_api.submit_kyc_document(generated_id, 'id_document',
                pg_catalog.format('kyc/%s/id.pdf', generated_id), (current_date + (365 + n * 3))::date);
            perform crm_api.submit_kyc_document(generated_id, 'proof_of_address',
                pg_catalog.format('kyc/%s/address.pdf', generated_id), null);
            if fate >= 0.6 or (fate >= 0.55 and created > now() - interval '30 days') then
                perform seed.as_user('compliance@crm.demo');
                if fate < 0.6 then
                    -- recent and still waiting: leave in the queue
                    null;
                elsif fate < 0.65 then
                    perform crm_api.review_kyc(generated_id, false, 'address document unreadable');
                else
                    perform crm_api.review_kyc(generated_id, true, 'documents verified');
                end if;
            end if;
            update crm.kyc_documents as kyc_documents
            set uploaded_at = created + interval '2 days',
                reviewed_at = case when kyc_documents.reviewed_at is not null then created + interval '3 days' end
            where kyc_documents.client_id = generated_id;
        end if;

        update crm.clients as clients
        set created_at = created,
            status_changed_at = case when clients.status = 'lead' then created else created + interval '3 days' end
        where clients.id = generated_id;
    end loop;
    perform seed.as_nobody();
end
$$;
