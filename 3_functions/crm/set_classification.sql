create function crm_api.set_classification(client_id uuid, classification text, evidence text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    current_classification text;
    client_tenant_id uuid;
begin
    perform core.check_text(set_classification.evidence, 'evidence', 4000);
    if set_classification.classification is null or set_classification.classification not in ('retail', 'professional') then
        raise exception 'unknown classification %', coalesce(set_classification.classification, 'null')
            using errcode = '22023',
                  hint = 'classification is retail or professional';
    end if;
    select clients.classification, clients.tenant_id
    into current_classification, client_tenant_id
    from crm_private.clients as clients
    where clients.id = set_classification.client_id;
    if not found then
        raise exception 'client % not found', set_classification.client_id using errcode = 'PT404';
    end if;
    -- the classification again under the client's row lock, held to the
    -- end: of two changes at once the second waits and reads the first's
    -- result (PT409), instead of logging the same change twice
    current_classification := (crm_private.lock_client(set_classification.client_id)).classification;
    if current_classification = set_classification.classification then
        raise exception 'client % is already %', set_classification.client_id, current_classification
            using errcode = 'PT409';
    end if;
    -- evidence is some text that is not white space: btrim strips only the
    -- space, so a tab, a line break or a no-break space would pass for it
    if set_classification.classification = 'professional'
       and not core.has_text(set_classification.evidence) then
        raise exception 'a professional classification needs recorded evidence'
            using errcode = 'P0001',
                  hint = 'describe the evidence (trading history, portfolio size, professional experience)';
    end if;

    insert into crm.classification_changes (tenant_id, client_id, from_classification, to_classification, evidence, approved_by)
    values (client_tenant_id, set_classification.client_id, current_classification, set_classification.classification,
            nullif(pg_catalog.btrim(set_classification.evidence), ''), core.current_user_id());
    update crm.clients as clients
    set classification = set_classification.classification
    where clients.id = set_classification.client_id;
end
$$;
comment on function crm_api.set_classification(uuid, text, text) is 'Compliance approves a change of classification, recorded in crm.classification_changes (who, when, evidence). Professional needs evidence, some text that is not white space (P0001; tabs, line breaks and no-break spaces are white space); retail is always allowed. Raises 22023 for an unknown classification, PT404 for a client not visible, PT409 when the client already has it. Security definer: writes tables no API role may write.';
