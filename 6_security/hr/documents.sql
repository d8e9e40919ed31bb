-- Documents: whoever may see the subject row (payslips, contracts) sees the
-- metadata and may fetch the bytes; a manager sees none (no grant: 42501).
grant select on hr_private.documents to hr_employee, hr_admin, hr_payroll;
grant select on hr_api.documents to hr_employee, hr_admin, hr_payroll;
grant execute on function hr_api.document_content(uuid) to hr_employee, hr_admin, hr_payroll;
