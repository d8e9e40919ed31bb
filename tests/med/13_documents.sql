-- Rendered PDFs: visible to whoever may see their subject row (a student,
-- a screening); teachers and other schools see none.
begin;
select plan(20);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'oscar', id from med.students where first_name = 'Oscar' and last_name = 'Wells';
insert into ids select 'screening', id from med.screenings where student_id = (select id from med.students where first_name = 'Lily' and last_name = 'Nguyen');
-- what the pdfgen worker would have stored (positive controls, inserted as the owner)
insert into ids values ('max_doc', gen_random_uuid()), ('ava_doc', gen_random_uuid()), ('oscar_doc', gen_random_uuid()),
                       ('screening_doc', gen_random_uuid()), ('crm_doc', gen_random_uuid());
insert into core.documents (id, tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select d.id, s.tenant_id, 'med', d.kind, d.subject_table, d.subject_id, d.job_id, d.file_name, '\x255044462d312e37'::bytea,
       encode(sha256('\x255044462d312e37'::bytea), 'hex')
from (values ((select id from ids where k = 'max_doc'), 'immunization_record', 'med.students', (select id from ids where k = 'max'), -101, 'max.pdf'),
             ((select id from ids where k = 'ava_doc'), 'immunization_record', 'med.students', (select id from ids where k = 'ava'), -102, 'ava.pdf'),
             ((select id from ids where k = 'oscar_doc'), 'immunization_record', 'med.students', (select id from ids where k = 'oscar'), -103, 'oscar.pdf'),
             ((select id from ids where k = 'screening_doc'), 'screening_referral', 'med.screenings', (select id from ids where k = 'screening'), -104, 'referral.pdf'))
     as d (id, kind, subject_table, subject_id, job_id, file_name)
join med.students as s on s.id = coalesce((select student_id from med.screenings where id = d.subject_id), d.subject_id);
-- a CRM document about the same uuid must never show up in med
insert into core.documents (id, tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select (select id from ids where k = 'crm_doc'), tenant_id, 'crm', 'monthly_statement', 'crm.accounts', (select id from ids where k = 'max'), -105,
       'statement.pdf', '\x255044462d'::bytea, encode(sha256('\x255044462d'::bytea), 'hex')
from med.students where id = (select id from ids where k = 'max');
update ids set id = (select id from med.students where first_name = 'Max' and last_name = 'Nguyen') where k = 'max';

select tests.act_as('nurse.north@med.demo');
select set_eq($$select id from med_api.documents$$, $$select id from ids where k in ('max_doc', 'ava_doc', 'screening_doc')$$,
    'the North nurse sees the documents of her students and their screenings, not other apps'' documents');
select is(med_api.document_content((select id from ids where k = 'max_doc')), '\x255044462d312e37'::bytea, 'and reads their bytes');
select results_eq($$select kind, subject_table, file_name, sha256 from med_api.documents where id = (select id from ids where k = 'max_doc')$$,
    $$values ('immunization_record'::text, 'med.students'::text, 'max.pdf'::text, encode(sha256('\x255044462d312e37'::bytea), 'hex'))$$, 'with their metadata');
select throws_ok($$select med_api.document_content((select id from ids where k = 'crm_doc'))$$, 'PT404', null, 'a CRM document is not found in med');
select throws_ok($$select med_api.document_content(gen_random_uuid())$$, 'PT404', null, 'an unknown document is not found');
select tests.act_as('aide.north@med.demo');
select ok(exists (select from med_api.documents where id = (select id from ids where k = 'max_doc')), 'the aide of the school sees them too');
select is(med_api.document_content((select id from ids where k = 'max_doc')), '\x255044462d312e37'::bytea, 'and reads their bytes');
select tests.act_as('supervisor@med.demo');
select is((select count(*) from med_api.documents), 3::bigint, 'the supervisor sees the district''s three');
select is(med_api.document_content((select id from ids where k = 'ava_doc')), '\x255044462d312e37'::bytea, 'and reads their bytes');
select tests.act_as('guardian1@med.demo');
select set_eq($$select id from med_api.documents$$, $$select id from ids where k in ('max_doc', 'screening_doc')$$,
    'guardian1 sees her children''s documents only');
select is(med_api.document_content((select id from ids where k = 'screening_doc')), '\x255044462d312e37'::bytea, 'and reads the referral letter');
select throws_ok($$select med_api.document_content((select id from ids where k = 'ava_doc'))$$, 'PT404', null, 'not another family''s');

reset role;
update med.guardians set user_id = core.create_user(tenant_id, 'rick.docs@families.example', 'Rick Stone', 'med_guardian') where full_name = 'Rick Stone';
select tests.act_as('rick.docs@families.example');
select is((select count(*) from med_api.documents), 0::bigint, 'a guardian under a custody restriction sees none of the child''s documents');
select throws_ok($$select med_api.document_content((select id from ids where k = 'ava_doc'))$$, 'PT404', null, 'and cannot read them');

select tests.act_as('nurse.south@med.demo');
select is((select count(*) from med_api.documents), 0::bigint, 'the South nurse sees none of North''s documents');
select throws_ok($$select med_api.document_content((select id from ids where k = 'max_doc'))$$, 'PT404', null, 'and cannot read them');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select * from med_api.documents$$, '42501', null, 'a teacher may not list documents, though Max is on the roster');
select throws_ok($$select med_api.document_content((select id from ids where k = 'max_doc'))$$, '42501', null, 'nor read them');
select tests.act_as('nurse@other-med.demo');
select results_eq($$select id from med_api.documents$$, $$select id from ids where k = 'oscar_doc'$$, 'the other district sees only its own');
select throws_ok($$select med_api.document_content((select id from ids where k = 'max_doc'))$$, 'PT404', null, 'and none of ours');

select * from finish();
rollback;
