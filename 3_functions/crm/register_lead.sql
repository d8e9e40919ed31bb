create function crm_api.register_lead(email text, full_name text, country text, phone text default null, referral_code text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    caller_tenant_id uuid := core.current_tenant_id();
    brokerage_id uuid;
    referring_ib_id uuid;
    header_value text;
    clean_email text := pg_catalog.btrim(register_lead.email);
    clean_country text := pg_catalog.upper(pg_catalog.btrim(register_lead.country));
    clean_code text := pg_catalog.upper(pg_catalog.btrim(register_lead.referral_code));
    assigned_agent_id uuid;
    assigned_desk_id uuid;
    new_client_id uuid;
begin
    -- RFC 5321: an address is at most 254 characters (and a longer one
    -- would overflow the unique index's row with 54000)
    perform core.check_text(register_lead.email, 'an e-mail address', 254);
    perform core.check_text(register_lead.full_name, 'a name', 200);
    perform core.check_text(register_lead.country, 'a country', 200);
    perform core.check_text(register_lead.phone, 'a phone number', 200);
    perform core.check_text(register_lead.referral_code, 'a referral code', 200);
    if clean_email is null or not core.is_email(clean_email) then
        raise exception 'invalid e-mail %', coalesce(register_lead.email, 'null')
            using errcode = '22023';
    end if;
    -- white space only is none: btrim strips only the space, not a tab, a
    -- line break or a no-break space
    if not core.has_text(register_lead.full_name) then
        raise exception 'a lead needs a full name'
            using errcode = '22023';
    end if;
    if clean_country is null or clean_country !~ '^[A-Z]{2}$' then
        raise exception 'invalid country %', coalesce(register_lead.country, 'null')
            using errcode = '22023',
                  hint = 'use the two-letter ISO 3166 code, e.g. DE';
    end if;
    if register_lead.phone is not null and register_lead.phone !~ '^\+?[0-9][0-9 ()/-]{4,24}$' then
        raise exception 'invalid phone number %', register_lead.phone
            using errcode = '22023';
    end if;

    if clean_code is not null then
        select ibs.id, ibs.tenant_id
        into referring_ib_id, brokerage_id
        from crm.ibs as ibs
        join core.users as users on users.id = ibs.user_id
        where ibs.referral_code = clean_code
          and users.is_active
          and (caller_tenant_id is null or ibs.tenant_id = caller_tenant_id);
        if referring_ib_id is null then
            raise exception 'unknown referral code %', register_lead.referral_code
                using errcode = '22023';
        end if;
    end if;

    -- the brokerage: the caller's, else the referring IB's, else the x-brokerage header
    brokerage_id := coalesce(caller_tenant_id, brokerage_id);
    if brokerage_id is null then
        begin
            header_value := nullif(pg_catalog.current_setting('request.headers', true), '')::json ->> 'x-brokerage';
        exception
            when invalid_text_representation then
                header_value := null;
        end;
        if header_value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
            select tenants.id
            into brokerage_id
            from core.tenants as tenants
            where tenants.id = header_value::uuid
              and tenants.app = 'crm';
        end if;
    end if;
    if brokerage_id is null then
        raise exception 'unknown brokerage'
            using errcode = '22023',
                  hint = 'send the brokerage id in the x-brokerage header, or a referral code';
    end if;

    if exists (
        select
        from crm.clients as clients
        where clients.tenant_id = brokerage_id
          and pg_catalog.lower(clients.email) = pg_catalog.lower(clean_email)
    ) then
        raise exception 'a client with e-mail % already exists in this brokerage', clean_email
            using errcode = '23505';
    end if;

    assigned_agent_id := crm_private.pick_agent(brokerage_id, clean_country);
    select staff.desk_id into assigned_desk_id from crm.staff as staff where staff.user_id = assigned_agent_id;

    insert into crm.clients (tenant_id, email, full_name, country, phone, agent_id, desk_id, ib_id)
    values (brokerage_id, clean_email, pg_catalog.btrim(register_lead.full_name), clean_country,
            register_lead.phone, assigned_agent_id, assigned_desk_id, referring_ib_id)
    returning clients.id into new_client_id;

    insert into crm.client_events (tenant_id, client_id, from_status, to_status, reason, user_id)
    values (brokerage_id, new_client_id, null, 'lead',
            case when referring_ib_id is not null then 'registered with referral code ' || clean_code else 'registered' end,
            core.current_user_id());

    perform core.enqueue('mailer.welcome',
        crm_private.client_mail(new_client_id, 'welcome'),
        tenant_id => brokerage_id);
    return new_client_id;
end
$$;
comment on function crm_api.register_lead(text, text, text, text, text) is 'Registers a lead and returns its id. The brokerage is the caller''s, else the one of the referral code''s IB, else the one named by the x-brokerage request header. Deduplicated by e-mail within the brokerage (23505); assigned by country rule or round-robin; a referral code binds the client to its IB. Enqueues mailer.welcome. Raises 22023 for a malformed e-mail (or one longer than 254 characters), name, country or phone, an unknown referral code or no brokerage. Security definer: anonymous visitors create a row in tables no API role may write.';
