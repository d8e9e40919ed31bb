-- Migration 0016: hr text not white space
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- The HR's required texts: btrim strips only the space, so a text of tabs,
-- line breaks or no-break spaces passed for a punch edit's reason, an
-- employee's or applicant's name, a job title (shown on the public job
-- board), a position's, department's or hotel's name; the termination
-- reason's check knew the ASCII white space only. Each now needs a
-- character that is not white space (the ASCII white space and the Unicode
-- spaces), as the CRM's since 0009. The e-mail checks of employees and
-- applications now refuse white space and invisible characters anywhere in
-- the address, as core.is_email does (the CRM's since 0014). Validated: a
-- row holding such a text stops the deploy, to be mended first.
alter table hr.hotels drop constraint hotels_name_not_blank;
alter table hr.hotels add constraint hotels_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.departments drop constraint departments_name_not_blank;
alter table hr.departments add constraint departments_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.positions drop constraint positions_title_not_blank;
alter table hr.positions add constraint positions_title_not_blank check (title ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.job_postings drop constraint job_postings_title_not_blank;
alter table hr.job_postings add constraint job_postings_title_not_blank check (title ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.employees drop constraint employees_full_name_not_blank;
alter table hr.employees add constraint employees_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.employees drop constraint employees_email_is_plausible;
alter table hr.employees add constraint employees_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+@[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+\.[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+$');
alter table hr.applications drop constraint applications_full_name_not_blank;
alter table hr.applications add constraint applications_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table hr.applications drop constraint applications_email_is_plausible;
alter table hr.applications add constraint applications_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+@[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+\.[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+$');
alter table hr.punches drop constraint punches_edit_is_complete;
alter table hr.punches add constraint punches_edit_is_complete check ((edited_at is null) = (edited_by is null)
    and (edited_at is null or (edit_reason is not null and edit_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')));
alter table hr.employees drop constraint employees_termination_reason_is_plausible;
alter table hr.employees add constraint employees_termination_reason_is_plausible check (termination_reason is null
    or (termination_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]' and pg_catalog.char_length(termination_reason) <= 1000));
