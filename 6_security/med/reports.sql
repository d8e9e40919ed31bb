-- Reports: the materialized views are read only through the private views
-- (owned by med_reader), which filter by tenant, role and school.
grant select on med_private.report_immunization_compliance_mv, med_private.report_visits_by_disposition_mv,
    med_private.report_expiring_mv
to med_reader;

-- nurses and the supervisor only: aides, teachers and guardians get 42501
grant select on med_private.report_immunization_compliance, med_api.report_immunization_compliance,
    med_private.report_visits_by_disposition, med_api.report_visits_by_disposition,
    med_private.report_expiring, med_api.report_expiring
to med_nurse, med_supervisor;
