create view med_private.exemptions as
select exemptions.id,
       exemptions.tenant_id,
       exemptions.student_id,
       exemptions.vaccine,
       exemptions.kind,
       exemptions.granted_on,
       exemptions.expires_on,
       exemptions.reason,
       exemptions.recorded_by,
       exemptions.created_at
from med.exemptions as exemptions;
alter view med_private.exemptions owner to med_reader;
comment on view med_private.exemptions is 'Exemptions the acting user may see (policies of med.exemptions).';
