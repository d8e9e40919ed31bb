create function crm_api.clear_aml_case(case_id uuid, note text, total_eur numeric default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    case_client_id uuid;
    case_status text;
    case_total_eur numeric;
begin
    perform core.check_text(clear_aml_case.note, 'a note', 4000);
    -- white space only is none: btrim strips only the space, not a tab, a
    -- line break or a no-break space
    if not core.has_text(clear_aml_case.note) then
        raise exception 'clearing an AML case needs a note'
            using errcode = '22023',
                  hint = 'record what was checked';
    end if;
    select aml_cases.client_id
    into case_client_id
    from crm_private.aml_cases as aml_cases
    where aml_cases.id = clear_aml_case.case_id;
    if not found then
        raise exception 'AML case % not found', clear_aml_case.case_id using errcode = 'PT404';
    end if;
    -- the client's row first, held to the end (as record_deposit, whose AML
    -- check opens cases, holds it): two clearances of one case at once wait
    -- for each other, and the second reads the status the first left
    perform
    from crm.clients as clients
    where clients.id = case_client_id
    for no key update;
    select aml_cases.status, aml_cases.total_eur
    into case_status, case_total_eur
    from crm.aml_cases as aml_cases
    where aml_cases.id = clear_aml_case.case_id;
    if case_status <> 'open' then
        raise exception 'AML case % is already %', clear_aml_case.case_id, case_status using errcode = 'PT409';
    end if;
    -- compliance cannot read deposits and judges a case by its total: a
    -- deposit that joined the case after compliance read it (one in flight
    -- holds the client's row, so it always gets in before this clearance)
    -- would be cleared unseen. Given the total compliance reviewed, the
    -- clearance covers exactly that, or nothing.
    if clear_aml_case.total_eur is not null
       and case_total_eur is distinct from clear_aml_case.total_eur then
        raise exception 'AML case % changed while it was reviewed: its total is now % EUR, not %',
                clear_aml_case.case_id, coalesce(case_total_eur::text, 'none'), clear_aml_case.total_eur
            using errcode = 'PT409',
                  hint = 'review the case again at its new total and clear that';
    end if;
    update crm.aml_cases as aml_cases
    set status = 'cleared',
        cleared_by = core.current_user_id(),
        cleared_at = pg_catalog.clock_timestamp(),
        note = pg_catalog.btrim(clear_aml_case.note)
    where aml_cases.id = clear_aml_case.case_id;
end
$$;
comment on function crm_api.clear_aml_case(uuid, text, numeric) is 'Compliance clears an open AML case with a note. total_eur (optional) is the case''s total that compliance reviewed: when given and the case''s total differs (a deposit joined the case since compliance read it, or is joining it while this call waits for the client''s row), nothing is cleared and it raises PT409 with the total now, so that a clearance covers exactly what compliance saw; without it, the case is cleared at whatever total it holds. Raises 22023 without a note, PT404 for a case not visible, PT409 when the case''s total is not the given total_eur, or when already cleared (also by a clearance committed while this one waited: it holds the client''s row, as record_deposit does). Security definer: writes crm.aml_cases, which no API role may write.';
