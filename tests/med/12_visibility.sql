-- Who sees what: every role, each "sees nothing" beside a positive control.
begin;
select plan(98);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'oscar', id from med.students where first_name = 'Oscar' and last_name = 'Wells';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
insert into ids select 'rick', id from med.guardians where full_name = 'Rick Stone';
insert into ids select 'dana', id from med.guardians where full_name = 'Dana Stone';
insert into ids select 'confidential', id from med.visits where is_confidential and student_id = (select id from ids where k = 'max');
insert into ids select 'shared', id from med.visits where shared_with_guardian and student_id = (select id from ids where k = 'max') and complaint = 'headache';
create temp table counts (k text primary key, n bigint);
grant all on counts to public;
insert into counts select 'north', count(*) from med.students where school_id = (select id from ids where k = 'north');
insert into counts select 'south', count(*) from med.students where school_id = (select id from ids where k = 'south');
insert into counts select 'roster', count(*) from med.rosters where teacher_id = (select id from core.users where email = 'teacher.north@med.demo');
-- logins for the two Stone parents: Rick is under a custody restriction for Ava, Dana is not
update med.guardians set user_id = core.create_user(tenant_id, 'rick.login@families.example', 'Rick Stone', 'med_guardian') where id = (select id from ids where k = 'rick');
update med.guardians set user_id = core.create_user(tenant_id, 'dana.login@families.example', 'Dana Stone', 'med_guardian') where id = (select id from ids where k = 'dana');
-- something of Ava's in every table a guardian may read
select tests.act_as('nurse.north@med.demo');
select med_api.record_allergy((select id from ids where k = 'ava'), 'shellfish', 'hives', 'moderate');
select med_api.record_visit((select id from ids where k = 'ava'), 'earache', 'returned_to_class', null, 'shared note for the family', true);
select med_api.record_immunization((select id from ids where k = 'ava'), 'HepB', current_date - 1000);
-- an open incident at North (a count that does not match, witnessed)
reset role;
insert into ids select 'controlled', orders.id from med.medication_orders as orders join med.students as students on students.id = orders.student_id
where orders.is_controlled and students.school_id = (select id from ids where k = 'north') order by orders.id limit 1;
insert into ids select 'aide', id from core.users where email = 'aide.north@med.demo';
select tests.act_as('nurse.north@med.demo');
insert into ids select 'mismatch', med_api.count_controlled((select id from ids where k = 'controlled'), 999, (select id from ids where k = 'aide'));
select tests.act_as('aide.north@med.demo');
select med_api.witness_count((select id from ids where k = 'mismatch'));
-- a dose at South and in the other district, so that their nurses have rows of their own
select tests.act_as('nurse.south@med.demo');
select med_api.administer_medication(med_api.add_medication_order((select id from ids where k = 'ethan'), 'Ibuprofen', '200 mg', 'oral',
    true, 2, interval '4 hours', current_date - 1, current_date + 10, true, 'Dr. South'), now());
select tests.act_as('nurse@other-med.demo');
select med_api.administer_medication(med_api.add_medication_order((select id from ids where k = 'oscar'), 'Ibuprofen', '200 mg', 'oral',
    true, 2, interval '4 hours', current_date - 1, current_date + 10, true, 'Dr. Other'), now());

-- a read of Max's full record, an exemption of his and a rendered document
-- about him, so that every view a role may read has a row for it
select tests.act_as('nurse.north@med.demo');
select med_api.student_health_record((select id from ids where k = 'max'), 'visibility check');
select med_api.record_exemption((select id from ids where k = 'max'), 'Varicella', 'religious');
reset role;
insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select tenant_id, 'med', 'immunization_record', 'med.students', id, -201, 'max.pdf', '\x255044462d'::bytea,
       encode(sha256('\x255044462d'::bytea), 'hex')
from med.students where id = (select id from ids where k = 'max');

-- rows of the med_api views with a student_id the acting user may read,
-- split by whether that student is one the user sees in med_api.students
create function pg_temp.student_rows(outside boolean) returns bigint language plpgsql volatile
as $$
declare
    v text;
    n bigint := 0;
    c bigint;
begin
    for v in
        select cls.relname
        from pg_class as cls
        join pg_attribute as att on att.attrelid = cls.oid and att.attname = 'student_id' and not att.attisdropped
        where cls.relnamespace = 'med_api'::regnamespace and cls.relkind = 'v'
          and has_column_privilege(cls.oid, att.attnum, 'select')
    loop
        execute format('select count(*) from med_api.%I where (student_id in (select id from med_api.students)) is distinct from $1', v)
        into c using outside;
        n := n + c;
    end loop;
    return n;
end
$$;
grant execute on function pg_temp.student_rows(boolean) to public;

-- the same for the views with an order_id (doses, controlled counts,
-- incidents), by whether the order is one the user sees
create function pg_temp.order_rows(outside boolean) returns bigint language plpgsql volatile
as $$
declare
    v text;
    n bigint := 0;
    c bigint;
begin
    for v in
        select cls.relname
        from pg_class as cls
        join pg_attribute as att on att.attrelid = cls.oid and att.attname = 'order_id' and not att.attisdropped
        where cls.relnamespace = 'med_api'::regnamespace and cls.relkind = 'v'
          and has_column_privilege(cls.oid, att.attnum, 'select')
    loop
        execute format('select count(*) from med_api.%I where (order_id in (select id from med_api.medication_orders)) is distinct from $1', v)
        into c using outside;
        n := n + c;
    end loop;
    return n;
end
$$;
grant execute on function pg_temp.order_rows(boolean) to public;

-- every med_api view, read as the acting user exactly as PostgREST would:
-- 'rows' (it returns some), 'empty', or 'refused' (42501)
create function pg_temp.view_access() returns table (view_name text, access text) language plpgsql volatile
as $$
declare
    v text;
    found_rows boolean;
begin
    for v in select cls.relname::text from pg_class as cls where cls.relnamespace = 'med_api'::regnamespace and cls.relkind = 'v'
    loop
        view_name := v;
        begin
            execute format('select exists (select from med_api.%I)', v) into found_rows;
            access := case when found_rows then 'rows' else 'empty' end;
        exception when insufficient_privilege then
            access := 'refused';
        end;
        return next;
    end loop;
end
$$;
grant execute on function pg_temp.view_access() to public;
create temp table all_views as select relname::text as v from pg_class where relnamespace = 'med_api'::regnamespace and relkind = 'v';
grant all on all_views to public;
select med_private.refresh_reports();

-- nurses: their assigned school
select tests.act_as('nurse.north@med.demo');
select is((select count(*) from med_api.students), (select n from counts where k = 'north'), 'the North nurse sees every North student');
select is((select count(*) from med_api.students where school_id <> (select id from ids where k = 'north')), 0::bigint, 'and no other school''s');
select results_eq($$select id from med_api.schools$$, $$select id from ids where k = 'north'$$, 'she sees her school only');
select is((select notes from med_api.visits where id = (select id from ids where k = 'confidential')),
    'Mentioned trouble sleeping because of arguments at home; counselor informed.', 'the nurse reads a confidential note');
select tests.act_as('nurse.south@med.demo');
select is((select count(*) from med_api.students), (select n from counts where k = 'south') , 'the South nurse sees every South student');
select is((select count(*) from med_api.visits where student_id = (select id from ids where k = 'max')), 0::bigint, 'and none of North''s visits');

-- the aide: her school, confidential notes hidden
select tests.act_as('aide.north@med.demo');
select is((select count(*) from med_api.students), (select n from counts where k = 'north'), 'the aide sees every North student');
select ok(exists (select from med_api.visits where id = (select id from ids where k = 'confidential')), 'the aide sees the confidential visit');
select is((select notes from med_api.visits where id = (select id from ids where k = 'confidential')), null, 'but not its confidential note');
select is((select notes from med_api.visits where id = (select id from ids where k = 'shared')), 'Rested 15 minutes and drank water; felt better.',
    'while she reads an ordinary note (control)');
select ok(exists (select from med_api.conditions where student_id = (select id from ids where k = 'max')), 'the aide reads conditions');
select ok(exists (select from med_api.medication_orders where student_id = (select id from ids where k = 'max')), 'and medication orders');
select throws_ok($$select * from med_api.health_record_reads$$, '42501', null, 'but not the read log of health records');

-- the teacher: the roster's allergies, action plans and emergency instructions, and nothing clinical
select tests.act_as('teacher.north@med.demo');
select is((select count(*) from med_api.students), (select n from counts where k = 'roster'), 'the teacher sees exactly the roster');
select is((select count(*) from med_api.students where id = (select id from ids where k = 'lily')), 0::bigint, 'not a student off the roster');
select ok(exists (select from med_api.allergies where student_id = (select id from ids where k = 'max')), 'the roster''s allergies');
select ok(exists (select from med_api.action_plans where student_id = (select id from ids where k = 'max')), 'the roster''s action plans');
select throws_ok($$select id, disposition from med_api.visits$$, '42501', null,
    'no visits, not even who went to the office and how it ended (42501): only allergies, action plans and emergency instructions');
select throws_ok($$select notes from med_api.visits$$, '42501', null, 'nor their notes');
select throws_ok($$select * from med_private.visits$$, '42501', null, 'nor the private view underneath');
select throws_ok($$select * from med_api.conditions$$, '42501', null, 'no diagnoses');
select throws_ok($$select med_private.current_guardian_id()$$, '42501', null, 'nor the guardians'' policy helper, which nothing she reads needs');
select throws_ok($$select * from med_api.medication_orders$$, '42501', null, 'no medications');
select throws_ok($$select * from med_api.immunizations$$, '42501', null, 'no immunizations');
select throws_ok($$select * from med_api.guardians$$, '42501', null, 'no guardian contacts');
select throws_ok(format('select * from med_api.%I', v), '42501', null, 'a teacher may not read med_api.' || v)
from unnest(array['consents', 'medication_doses', 'exemptions', 'conditional_enrollments', 'screenings', 'student_guardians',
                  'custody_restrictions', 'authorized_pickups', 'controlled_counts', 'incidents', 'health_record_reads', 'documents']) as v;

-- the guardian: their children, shared visits only
select tests.act_as('guardian1@med.demo');
select throws_ok(format('select * from med_api.%I', v), '42501', null, 'a guardian may not read med_api.' || v)
from unnest(array['custody_restrictions', 'controlled_counts', 'incidents', 'health_record_reads', 'rosters']) as v;
select set_eq($$select id from med_api.students$$, $$select id from ids where k in ('max', 'lily')$$, 'guardian1 sees exactly her two children');
select ok(exists (select from med_api.visits where id = (select id from ids where k = 'shared')), 'she sees the visit shared with her');
select is((select notes from med_api.visits where id = (select id from ids where k = 'shared')), 'Rested 15 minutes and drank water; felt better.',
    'with its note (control)');
select is((select count(*) from med_api.visits where not shared_with_guardian), 0::bigint, 'she never sees a visit that was not shared');
select is((select count(*) from med_api.visits where id = (select id from ids where k = 'confidential')), 0::bigint, 'nor the confidential one');
select ok(exists (select from med_api.conditions where student_id = (select id from ids where k = 'max')), 'she sees her child''s conditions');
select ok(exists (select from med_api.immunizations where student_id = (select id from ids where k = 'lily')), 'and immunizations');
select is((select count(*) from med_api.guardians), 1::bigint, 'of the guardians, only herself');

-- a guardian under a custody restriction sees nothing of the child; the other parent does
select tests.act_as('rick.login@families.example');
select is((select count(*) from med_api.students), 0::bigint, 'the restricted father sees no student');
select is((select count(*) from med_api.allergies) + (select count(*) from med_api.visits) + (select count(*) from med_api.immunizations)
          + (select count(*) from med_api.authorized_pickups) + (select count(*) from med_api.student_guardians) + (select count(*) from med_api.schools),
    0::bigint, 'and no row of the child anywhere');
select throws_ok($$select * from med_api.immunization_status((select id from ids where k = 'ava'))$$, 'PT404', null,
    'her immunization status is not found for him');
reset role;
update med.custody_restrictions set starts_on = current_date - 60, ends_on = current_date - 30
where guardian_id = (select id from ids where k = 'rick');
select tests.act_as('rick.login@families.example');
select results_eq($$select id from med_api.students$$, $$select id from ids where k = 'ava'$$,
    'once the restriction has ended, the father sees Ava again');
-- a restriction is in force through its ends_on day (the school-local date):
-- ending today, it still hides Ava today; ended yesterday, it no longer does
reset role;
update med.custody_restrictions set starts_on = current_date - 60, ends_on = (now() at time zone 'America/Los_Angeles')::date
where guardian_id = (select id from ids where k = 'rick');
select tests.act_as('rick.login@families.example');
select is((select count(*) from med_api.students), 0::bigint, 'on the last day of the restriction (North''s date) the father still sees no student');
reset role;
update med.custody_restrictions set ends_on = (now() at time zone 'America/Los_Angeles')::date - 1
where guardian_id = (select id from ids where k = 'rick');
select tests.act_as('rick.login@families.example');
select results_eq($$select id from med_api.students$$, $$select id from ids where k = 'ava'$$,
    'the day after it ended (it ended yesterday, North''s date) he sees Ava again');
reset role;
update med.custody_restrictions set starts_on = current_date - 60, ends_on = null
where guardian_id = (select id from ids where k = 'rick');
select tests.act_as('dana.login@families.example');
select results_eq($$select id from med_api.students$$, $$select id from ids where k = 'ava'$$, 'the mother sees Ava (control)');
select ok((select count(*) from med_api.allergies) = 1 and (select count(*) from med_api.visits) = 1 and (select count(*) from med_api.immunizations) = 1,
    'and her allergy, the shared visit and her immunization');

-- the supervisor: the whole district
select tests.act_as('supervisor@med.demo');
select is((select count(*) from med_api.students), (select n from counts where k = 'north') + (select n from counts where k = 'south'),
    'the supervisor sees the whole district');
select is((select count(*) from med_api.students where id = (select id from ids where k = 'oscar')), 0::bigint, 'but not the other district');
select is((select notes from med_api.visits where id = (select id from ids where k = 'confidential')),
    'Mentioned trouble sleeping because of arguments at home; counselor informed.', 'the supervisor reads confidential notes');

-- the other district
select tests.act_as('nurse@other-med.demo');
select results_eq($$select id from med_api.students$$, $$select id from ids where k = 'oscar'$$, 'the other district''s nurse sees only her student');
select is((select count(*) from med_api.visits where student_id <> (select id from ids where k = 'oscar'))
          + (select count(*) from med_api.allergies where student_id <> (select id from ids where k = 'oscar')), 0::bigint,
    'and none of our visits or allergies');

-- every view with a student_id, for every role: no row of a student the
-- role does not see, beside rows of the students it does see
select tests.act_as('nurse.north@med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'the North nurse: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the North nurse: rows of the students she sees (control)');
select tests.act_as('nurse.south@med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'the South nurse: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the South nurse: rows of the students she sees (control)');
select tests.act_as('aide.north@med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'the aide: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the aide: rows of the students she sees (control)');
select tests.act_as('teacher.north@med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'the teacher: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the teacher: rows of the students she sees (control)');
select tests.act_as('guardian1@med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'guardian1: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'guardian1: rows of the students she sees (control)');
select tests.act_as('dana.login@families.example');
select is(pg_temp.student_rows(true), 0::bigint, 'the mother of Ava: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the mother of Ava: rows of the students she sees (control)');
select tests.act_as('nurse@other-med.demo');
select is(pg_temp.student_rows(true), 0::bigint, 'the other district''s nurse: no row of a student she does not see, in any view she may read');
select cmp_ok(pg_temp.student_rows(false), '>', 0::bigint, 'the other district''s nurse: rows of the students she sees (control)');

select tests.act_as('nurse.north@med.demo');
select is(pg_temp.order_rows(true), 0::bigint, 'the North nurse: no dose, count or incident of an order she does not see');
select cmp_ok(pg_temp.order_rows(false), '>', 0::bigint, 'the North nurse: those of the orders she sees (control)');
select tests.act_as('nurse.south@med.demo');
select is(pg_temp.order_rows(true), 0::bigint, 'the South nurse: no dose, count or incident of an order she does not see');
select cmp_ok(pg_temp.order_rows(false), '>', 0::bigint, 'the South nurse: those of the orders she sees (control)');
select tests.act_as('aide.north@med.demo');
select is(pg_temp.order_rows(true), 0::bigint, 'the aide: no dose, count or incident of an order she does not see');
select cmp_ok(pg_temp.order_rows(false), '>', 0::bigint, 'the aide: those of the orders she sees (control)');
select tests.act_as('guardian1@med.demo');
select is(pg_temp.order_rows(true), 0::bigint, 'guardian1: no dose, count or incident of an order she does not see');
select cmp_ok(pg_temp.order_rows(false), '>', 0::bigint, 'guardian1: those of the orders she sees (control)');
select tests.act_as('nurse@other-med.demo');
select is(pg_temp.order_rows(true), 0::bigint, 'the other district''s nurse: no dose, count or incident of an order she does not see');
select cmp_ok(pg_temp.order_rows(false), '>', 0::bigint, 'the other district''s nurse: those of the orders she sees (control)');

-- the grants, view by view and role by role: each view a role may read
-- returns rows to it (a positive control for every grant), every other is
-- refused with 42501
select tests.act_as('nurse.north@med.demo');
select set_eq($$select view_name from pg_temp.view_access() where access = 'rows'$$, $$select v from all_views$$,
    'the North nurse reads rows from every med_api view');
select tests.act_as('supervisor@med.demo');
select set_eq($$select view_name from pg_temp.view_access() where access = 'rows'$$, $$select v from all_views$$,
    'the supervisor reads rows from every med_api view');
select tests.act_as('aide.north@med.demo');
select set_eq($$select view_name from pg_temp.view_access() where access = 'rows'$$,
    $$select v from all_views where v not in ('health_record_reads', 'report_immunization_compliance', 'report_visits_by_disposition', 'report_expiring')$$,
    'the aide reads rows from every med_api view but the read log and the reports');
select set_eq($$select view_name from pg_temp.view_access() where access = 'refused'$$,
    $$values ('health_record_reads'), ('report_immunization_compliance'), ('report_visits_by_disposition'), ('report_expiring')$$,
    'which are refused to her');
select tests.act_as('teacher.north@med.demo');
select set_eq($$select view_name from pg_temp.view_access() where access = 'rows'$$,
    $$values ('action_plans'), ('allergies'), ('rosters'), ('schools'), ('students')$$,
    'the teacher reads rows from the roster''s students, allergies and action plans, her school and her roster');
select set_eq($$select view_name from pg_temp.view_access() where access = 'refused'$$,
    $$select v from all_views where v not in ('action_plans', 'allergies', 'rosters', 'schools', 'students')$$,
    'every other view is refused to her');
select tests.act_as('guardian1@med.demo');
select set_eq($$select view_name from pg_temp.view_access() where access = 'rows'$$,
    $$select v from all_views where v not in ('controlled_counts', 'custody_restrictions', 'health_record_reads', 'incidents', 'rosters', 'report_immunization_compliance', 'report_visits_by_disposition', 'report_expiring')$$,
    'guardian1 reads rows of her children from every view but custody, counts, incidents, the read log, rosters and the reports');
select set_eq($$select view_name from pg_temp.view_access() where access = 'refused'$$,
    $$values ('controlled_counts'), ('custody_restrictions'), ('health_record_reads'), ('incidents'), ('rosters'), ('report_immunization_compliance'), ('report_visits_by_disposition'), ('report_expiring')$$,
    'which are refused to her');

-- anonymous: nothing at all
select tests.act_as_anon();
select throws_ok($$select * from med_api.students$$, '42501', null, 'anon may not read students');
select throws_ok($$select * from med_api.visits$$, '42501', null, 'anon may not read visits');
select throws_ok($$select med_api.me()$$, '42501', null, 'anon has no profile');

select * from finish();
rollback;
