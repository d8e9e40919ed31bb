-- Vision and hearing screenings; a referral queues the referral letter; the
-- immunization record PDF on request.
begin;
select plan(24);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
create temp table marks (k text primary key, n bigint);
grant all on marks to public;
insert into marks select 'jobs', coalesce(max(id), 0) from core.jobs;

select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'hearing', 'pass')$$, 'a passed hearing screening');
reset role;
select is((select count(*) from core.jobs where id > (select n from marks where k = 'jobs')), 0::bigint, 'a pass sends nothing');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'refer', med_api.record_screening((select id from ids where k = 'max'), 'vision', 'refer', 'failed 20/40 with the left eye')$$,
    'a vision screening that refers');
reset role;
select results_eq($$select kind, payload ->> 'subject_table', payload ->> 'subject_id', payload ->> 'screening_id', payload ->> 'kind', payload ->> 'result',
                          payload ->> 'notes', payload ->> 'student_name', payload ->> 'school_name'
                   from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$select 'pdfgen.screening_referral'::text, 'med.screenings'::text, (select id::text from ids where k = 'refer'), (select id::text from ids where k = 'refer'),
             'vision'::text, 'refer'::text, 'failed 20/40 with the left eye'::text, 'Max Nguyen'::text, 'North Elementary'::text$$,
    'the referral letter is queued with the screening as its subject');
-- a guardian who opts the child out of screenings for the school year
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'),
        date_part('year', (now() at time zone 'America/Los_Angeles')::date - interval '7 months')::int, 'screening', false)$$,
    'the guardian refuses screenings for this school year');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'hearing', 'pass')$$, 'P0001', null,
    'no screening once the guardian refused it for the school year');
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'),
        date_part('year', (now() at time zone 'America/Los_Angeles')::date - interval '7 months')::int, 'screening', true)$$,
    'the guardian consents again');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'dental', 'pass')$$, '22023', null, 'an unknown screening is malformed');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'fail')$$, '22023', null, 'an unknown result is malformed');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass', null, current_date + 3)$$, '22023', null, 'a screening in the future is malformed');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass', null, current_date - 200)$$, 'P0001', null, 'a screening over 90 days ago is refused');
select lives_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'hearing', 'pass', null, (now() at time zone 'America/Los_Angeles')::date - 90)$$,
    'a screening exactly 90 days ago is accepted');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass', null, '-infinity')$$, '22023', null, 'a screening date at minus infinity is malformed (not merely old)');
-- a screening dated back is judged by the answer in force at the end of its
-- day (med_private.consent_at): the row holds the last answer, given now,
-- core.audit_log the one before, dated four days ago. Max: refused then,
-- granted now; Ava: granted then, refused now. The screening three days ago
-- (in whichever school year that day falls).
reset role;
create temp table back (k text primary key, day date, year int);
insert into back values ('d3', (now() at time zone 'America/Los_Angeles')::date - 3,
    date_part('year', (now() at time zone 'America/Los_Angeles')::date - 3 - interval '7 months')::int);
grant all on back to public;
insert into med.consents (tenant_id, student_id, school_year, kind, is_granted)
select students.tenant_id, students.id, (select year from back), 'screening', students.id = (select id from ids where k = 'max')
from med.students as students
where students.id in (select id from ids where k in ('max', 'ava'))
on conflict (student_id, school_year, kind) do update set is_granted = excluded.is_granted, recorded_at = now();
insert into core.audit_log (tenant_id, table_name, row_key, operation, new_row, at)
select consents.tenant_id, 'med.consents', jsonb_build_object('id', consents.id), 'UPDATE',
       to_jsonb(consents) || jsonb_build_object('is_granted', not consents.is_granted, 'recorded_at', now() - interval '4 days'),
       now() - interval '4 days'
from med.consents as consents
where consents.student_id in (select id from ids where k in ('max', 'ava'))
  and consents.school_year = (select year from back) and consents.kind = 'screening';
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass', null, (select day from back))$$,
    'P0001', null, 'a screening done while the guardians refused is refused, though they consented since');
select lives_ok($$select med_api.record_screening((select id from ids where k = 'ava'), 'vision', 'pass', null, (select day from back))$$,
    'a screening done before the guardians refused is recorded after it');
reset role;
select is(med_private.consent_at((select id from ids where k = 'ava'), 'screening', (select year from back), now()), false,
    'Ava''s guardians refuse now (control: the refusal is in force from its recording on)');

select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass')$$, '42501', null, 'an aide may not record screenings');
select tests.act_as('guardian1@med.demo');
select ok(exists (select from med_api.screenings where id = (select id from ids where k = 'refer')), 'the guardian sees the child''s screening');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select * from med_api.screenings$$, '42501', null, 'a teacher may not read screenings');

-- the immunization record as a PDF, on request
-- a call as PostgREST makes it on POST /rpc: in a read-only transaction
-- unless the function is volatile; returns 'ok' or the SQLSTATE it raised,
-- and undoes what the call did
create function pg_temp.as_postgrest(fn regprocedure, call text) returns text language plpgsql volatile
as $$
begin
    begin
        if (select provolatile from pg_proc where oid = fn) <> 'v' then
            perform set_config('transaction_read_only', 'on', true);
        end if;
        execute call;
        raise exception 'undo' using errcode = 'TH000';
    exception
        when sqlstate 'TH000' then
            return 'ok';
        when others then
            return sqlstate;
    end;
end
$$;
grant execute on function pg_temp.as_postgrest(regprocedure, text) to public;
select tests.act_as('nurse.north@med.demo');
select is(pg_temp.as_postgrest('med_api.request_immunization_record(uuid)', format('select med_api.request_immunization_record(%L)', (select id from ids where k = 'max'))), 'ok',
    'the nurse asks for the record as PostgREST would call it (it queues a job, so it must run read-write: volatile)');
reset role;
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.request_immunization_record((select id from ids where k = 'max'))$$, 'a guardian asks for the immunization record');
select throws_ok($$select med_api.request_immunization_record((select id from ids where k = 'ava'))$$, 'PT404', null, 'not for someone else''s child');
reset role;
select ok((select kind = 'pdfgen.immunization_record' and payload ->> 'subject_table' = 'med.students'
                  and payload ->> 'student_name' = 'Max Nguyen' and jsonb_array_length(payload -> 'doses') = 16
                  and (select bool_and(d ? 'vaccine' and d ? 'given_on' and d ? 'counts' and d ? 'reason') from jsonb_array_elements(payload -> 'doses') as d)
           from core.jobs where id > (select n from marks where k = 'jobs')),
    'the record job lists each of Max''s 16 doses with whether it counts');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select med_api.request_immunization_record((select id from ids where k = 'max'))$$, '42501', null, 'a teacher may not request it');

select * from finish();
rollback;
