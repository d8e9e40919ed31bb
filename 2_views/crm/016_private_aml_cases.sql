create view crm_private.aml_cases as
select aml_cases.id,
       aml_cases.tenant_id,
       aml_cases.client_id,
       aml_cases.reason,
       aml_cases.total_eur,
       aml_cases.status,
       aml_cases.opened_at,
       aml_cases.cleared_by,
       aml_cases.cleared_at,
       aml_cases.note
from crm.aml_cases as aml_cases;
alter view crm_private.aml_cases owner to crm_reader;
comment on view crm_private.aml_cases is 'AML cases as the acting user may see them: compliance and managers of the tenant only (policies of crm.aml_cases, evaluated for crm_reader).';
