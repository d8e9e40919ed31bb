-- Migration 0011: hr termination reason
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- Ending an employment (hr_api.terminate_employee) records why, beside the
-- last day: a reason of 1 to 1000 characters, not only white space, and only
-- on a terminated employee. Existing rows hold no reason, so both checks
-- hold on every row already there.
alter table hr.employees add column termination_reason text;
alter table hr.employees add constraint employees_termination_reason_needs_date check (termination_reason is null or terminated_on is not null);
alter table hr.employees add constraint employees_termination_reason_is_plausible check (termination_reason is null
    or (termination_reason ~ '[^[:space:]]' and pg_catalog.char_length(termination_reason) <= 1000));
comment on column hr.employees.terminated_on is 'The last day of the employment (hotel-local), set by hr_api.terminate_employee; no shift, punch or leave after it. The login is deactivated once this day is over in the hotel''s zone (at once for a day already past, else by hr_private.deactivate_departed_logins).';
comment on column hr.employees.termination_reason is 'Why the employment ended, as recorded by hr_api.terminate_employee (readable by admin and payroll and by the former employee, like terminated_on; the audit log keeps it too).';
