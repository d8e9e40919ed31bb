create function crm_private.has_open_aml_case(client_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
    select exists (
        select
        from crm.aml_cases as aml_cases
        where aml_cases.client_id = has_open_aml_case.client_id
          and aml_cases.status = 'open')
$$;
comment on function crm_private.has_open_aml_case(uuid) is 'True while the client has an AML case compliance has not cleared: payouts (withdrawal requests and approvals) are held meanwhile; deposits are still accepted.';
