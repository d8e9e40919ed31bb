-- crm.aml_cases: compliance only (the brokerage). Nobody on the sales side
-- sees a case, a desk manager neither: agents and managers talk to the
-- client, and knowing of a case they could tip the client off
alter table crm.aml_cases enable row level security;
alter table crm.aml_cases force row level security;
grant select on crm.aml_cases to crm_reader;

create policy aml_cases_select_compliance on crm.aml_cases
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_compliance'
       and exists (select from crm.clients as clients where clients.id = aml_cases.client_id));

-- crm.aml_case_deposits: read by crm_private.check_aml (the owner's) only;
-- compliance sees what a case counts through its total
alter table crm.aml_case_deposits enable row level security;
alter table crm.aml_case_deposits force row level security;
grant select on crm.aml_case_deposits to crm_reader;

create policy aml_case_deposits_select_compliance on crm.aml_case_deposits
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_compliance');

grant select on crm_private.aml_cases, crm_api.aml_cases
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

grant execute on function crm_api.set_pep(uuid, boolean) to crm_compliance;
grant execute on function crm_api.clear_aml_case(uuid, text, numeric) to crm_compliance;
