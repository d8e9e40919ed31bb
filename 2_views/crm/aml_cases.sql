create view crm_api.aml_cases
with (security_invoker = true)
as
select aml_cases.id,
       aml_cases.client_id,
       aml_cases.reason,
       aml_cases.total_eur,
       aml_cases.status,
       aml_cases.opened_at,
       aml_cases.cleared_by
from crm_private.aml_cases as aml_cases;
comment on view crm_api.aml_cases is 'AML cases of the brokerage, for compliance and managers; everyone else sees nothing.';
