-- Structure of the school health platform: tables, forced row level
-- security, policies per command and audience, who may execute the API,
-- which functions are definer, and the teacher's column privileges.
begin;
select plan(113);

select has_table('med', t, 'table med.' || t || ' exists')
from unnest(array['districts', 'schools', 'staff', 'school_assignments', 'students', 'guardians', 'student_guardians',
                  'custody_restrictions', 'authorized_pickups', 'rosters', 'conditions', 'allergies', 'action_plans',
                  'consents', 'medication_orders', 'medication_doses', 'controlled_counts', 'incidents', 'visits',
                  'vaccines', 'vaccine_requirements', 'vaccine_dose_rules', 'immunizations', 'exemptions',
                  'conditional_enrollments', 'screenings', 'health_record_reads']) as t;

select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med'::regnamespace and c.relkind = 'r'
       and not (c.relrowsecurity and c.relforcerowsecurity)),
    null, 'row level security is enabled and forced on every med table');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med'::regnamespace and c.relkind = 'r'
       and not exists (select from pg_catalog.pg_policy as p where p.polrelid = c.oid)),
    null, 'every med table has at least one policy');
select is(
    (select count(*) from pg_catalog.pg_policy as p
     where p.polrelid in (select oid from pg_catalog.pg_class where relnamespace = 'med'::regnamespace) and p.polcmd <> 'r'),
    0::bigint, 'every med policy is FOR SELECT (writes go through definer functions only)');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med'::regnamespace and c.relkind = 'r'
       and not exists (select from pg_catalog.pg_attribute as a
                       where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)),
    null, 'every med table carries tenant_id');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med'::regnamespace and c.relkind = 'r'
       and not exists (select from pg_catalog.pg_trigger as t where t.tgrelid = c.oid and t.tgname = 'audit')),
    null, 'every med table is audited');

select policies_are('med', 'students', array['students_select_school_staff', 'students_select_supervisor',
    'students_select_teacher', 'students_select_guardian'], 'med.students has one select policy per audience');
select policies_are('med', 'visits', array['visits_select_staff', 'visits_select_guardian'],
    'med.visits: staff, guardian (teachers none)');
select policies_are('med', 'conditions', array['conditions_select_care_team'], 'med.conditions: never teachers');

select is(
    (select count(*) from information_schema.role_table_grants as g
     where g.table_schema = 'med'
       and g.grantee in ('anon', 'med_nurse', 'med_aide', 'med_teacher', 'med_guardian', 'med_supervisor')),
    0::bigint, 'API roles have no privilege on any med base table');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med_private'::regnamespace and c.relkind = 'v'
       and pg_catalog.pg_get_userbyid(c.relowner) <> 'med_reader'),
    null, 'every private read view is owned by med_reader');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'med_api'::regnamespace and c.relkind = 'v'
       and not coalesce('security_invoker=true' = any (c.reloptions), false)),
    null, 'every med_api view is security_invoker');
select has_view('med_api', v, 'view med_api.' || v || ' exists')
from unnest(array['schools', 'students', 'visits', 'allergies']) as v;
select columns_are('med_api', 'visits', array['id', 'student_id', 'school_id', 'visited_at', 'complaint', 'temperature', 'pulse',
    'intervention', 'disposition', 'notes', 'is_confidential', 'shared_with_guardian', 'picked_up_by'], 'med_api.visits columns');

-- a teacher has no privilege on visits (only allergies, action plans and emergency instructions)
select ok(not has_any_column_privilege('med_teacher', 'med_api.visits', 'select'), 'a teacher may select no column of visits');
select ok(not has_any_column_privilege('med_teacher', 'med_private.visits', 'select'), 'nor of the private view underneath');
select ok(has_column_privilege('med_aide', 'med_api.visits', 'disposition', 'select'), 'an aide may (control)');
select ok(not has_table_privilege('med_teacher', 'med_api.conditions', 'select'), 'a teacher may not select conditions');
select ok(not has_table_privilege('med_teacher', 'med_api.medication_orders', 'select'), 'a teacher may not select medication orders');
select ok(has_table_privilege('med_teacher', 'med_api.allergies', 'select'), 'a teacher may select allergies');

-- who may execute what
select function_privs_are('med_api', 'enroll_student', array['uuid', 'text', 'text', 'date', 'integer'], 'med_nurse', array['EXECUTE'], 'a nurse enrolls');
select function_privs_are('med_api', 'enroll_student', array['uuid', 'text', 'text', 'date', 'integer'], 'med_supervisor', array['EXECUTE'], 'the supervisor enrolls');
select function_privs_are('med_api', 'enroll_student', array['uuid', 'text', 'text', 'date', 'integer'], 'med_aide', array[]::text[], 'an aide may not enroll');
select function_privs_are('med_api', 'record_allergy', array['uuid', 'text', 'text', 'text'], 'med_nurse', array['EXECUTE'], 'a nurse records allergies');
select function_privs_are('med_api', 'record_allergy', array['uuid', 'text', 'text', 'text'], 'med_aide', array[]::text[], 'an aide may not record allergies');
select function_privs_are('med_api', 'record_immunization', array['uuid', 'text', 'date'], 'med_nurse', array['EXECUTE'], 'a nurse records immunizations');
select function_privs_are('med_api', 'record_immunization', array['uuid', 'text', 'date'], 'med_supervisor', array[]::text[], 'the supervisor does not record immunizations');
select function_privs_are('med_api', 'immunization_status', array['uuid'], r, array['EXECUTE'], r || ' may read immunization status')
from unnest(array['med_nurse', 'med_aide', 'med_supervisor', 'med_guardian']) as r;
select function_privs_are('med_api', 'immunization_status', array['uuid'], 'med_teacher', array[]::text[], 'a teacher may not read immunization status');
select function_privs_are('med_api', 'add_medication_order',
    array['uuid', 'text', 'text', 'text', 'boolean', 'integer', 'interval', 'date', 'date', 'boolean', 'text', 'boolean'],
    'med_nurse', array['EXECUTE'], 'a nurse adds medication orders');
select function_privs_are('med_api', 'add_medication_order',
    array['uuid', 'text', 'text', 'text', 'boolean', 'integer', 'interval', 'date', 'date', 'boolean', 'text', 'boolean'],
    'med_aide', array[]::text[], 'an aide never adds medication orders');
select function_privs_are('med_api', 'administer_medication', array['uuid', 'timestamp with time zone'], 'med_aide', array['EXECUTE'], 'an aide gives doses');
select function_privs_are('med_api', 'administer_medication', array['uuid', 'timestamp with time zone'], 'med_teacher', array[]::text[], 'a teacher gives no doses');
select function_privs_are('med_api', 'record_visit', array['uuid', 'text', 'text', 'numeric', 'text', 'boolean', 'text', 'text', 'integer', 'boolean'],
    'med_aide', array['EXECUTE'], 'an aide records visits');
select function_privs_are('med_api', 'record_visit', array['uuid', 'text', 'text', 'numeric', 'text', 'boolean', 'text', 'text', 'integer', 'boolean'],
    'med_supervisor', array[]::text[], 'the supervisor records no visits');
select function_privs_are('med_api', 'student_health_record', array['uuid', 'text'], 'med_supervisor', array['EXECUTE'], 'the supervisor reads health records');
select function_privs_are('med_api', 'student_health_record', array['uuid', 'text'], 'med_aide', array[]::text[], 'an aide may not read full health records');
select function_privs_are('med_private', 'evaluate_immunizations', array['uuid', 'date'], 'med_nurse', array[]::text[], 'no API role calls evaluate_immunizations');
select function_privs_are('med_private', 'notify_guardians', array['uuid', 'text', 'jsonb'], 'med_nurse', array[]::text[], 'no API role calls notify_guardians');
select function_privs_are('med_api', 'login', array['text', 'text'], 'anon', array['EXECUTE'], 'anon may log in');
select function_privs_are('med_private', 'drug_key', array['text', 'boolean'], 'med_aide', array[]::text[], 'no API role calls drug_key');
select function_privs_are('med_private', 'names_epinephrine', array['text'], 'med_nurse', array[]::text[], 'no API role calls names_epinephrine');
select function_privs_are('med_private', 'person_key', array['text'], 'med_guardian', array[]::text[], 'no API role calls person_key');
select function_privs_are('med_private', 'single_spaced', array['text'], 'med_nurse', array[]::text[], 'no API role calls single_spaced');
select function_privs_are('med_private', 'name_folded', array['text'], 'med_guardian', array[]::text[], 'no API role calls name_folded');
select ok(exists (select from pg_catalog.pg_collation where collname = 'und-x-icu' and collprovider = 'i'),
    'the ICU root collation med_private.name_folded lowercases with is there');
select function_privs_are('med_api', 'witness_count', array['uuid'], r, array['EXECUTE'], r || ' may witness a count (whoever may be named witness)')
from unnest(array['med_nurse', 'med_aide', 'med_supervisor']) as r;
select function_privs_are('med_api', 'witness_count', array['uuid'], r, array[]::text[], r || ' may not witness a count')
from unnest(array['med_teacher', 'med_guardian', 'anon']) as r;
select function_privs_are('med_api', 'refuse_count', array['uuid', 'text'], r, array['EXECUTE'], r || ' may refuse a count (whoever may be named witness)')
from unnest(array['med_nurse', 'med_aide', 'med_supervisor']) as r;
select function_privs_are('med_api', 'refuse_count', array['uuid', 'text'], r, array[]::text[], r || ' may not refuse a count')
from unnest(array['med_teacher', 'med_guardian', 'anon']) as r;
select has_trigger('med', 'controlled_counts', 'controlled_counts_witness_once', 'the count log takes one update: the witness''s stamp');
select has_trigger('med', 'students', 'students_grade_fits_age', 'every write of a grade or a birth date of med.students is judged against the age');

-- definer where they must be, invoker otherwise; volatility as documented
select is_definer('med_api', f, 'med_api.' || f || ' is security definer')
from unnest(array['enroll_student', 'record_allergy', 'record_immunization', 'immunization_status', 'add_medication_order',
                  'administer_medication', 'record_visit', 'student_health_record', 'document_content', 'witness_count',
                  'refuse_count']) as f;
select isnt_definer('med_private', f, 'med_private.' || f || ' is security invoker')
from unnest(array['evaluate_immunizations', 'immunization_summary', 'notify_guardians', 'visible_student']) as f;
select is(
    (select array_agg(p.oid::regprocedure::text order by 1)
     from pg_catalog.pg_proc as p
     where p.pronamespace in ('med_api'::regnamespace, 'med_private'::regnamespace)
       and p.prosecdef
       and not coalesce('search_path=""' = any (p.proconfig), false)),
    null, 'every med definer function sets search_path to empty');
select is(
    (select array_agg(x order by x) from (
        select c.oid::regclass::text as x
        from pg_catalog.pg_class as c
        where c.relnamespace in ('med'::regnamespace, 'med_api'::regnamespace, 'med_private'::regnamespace)
          and c.relkind in ('r', 'v', 'm')
          and pg_catalog.obj_description(c.oid, 'pg_class') is null
        union all
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where p.pronamespace in ('med_api'::regnamespace, 'med_private'::regnamespace)
          and pg_catalog.obj_description(p.oid, 'pg_proc') is null) as undocumented),
    null, 'every med table, view and function has its comment');
select function_privs_are('med_api', f, array['uuid', 'text'], 'med_aide', array[]::text[], 'an aide may not call ' || f)
from unnest(array['discontinue_order']) as f;
select volatility_is('med_api', 'student_health_record', array['uuid', 'text'], 'volatile',
    'student_health_record is volatile (it writes the read log; primary only)');
select volatility_is('med_api', 'immunization_status', array['uuid'], 'stable', 'immunization_status is stable (read-only, replica-safe)');
-- a function that writes (a row, a job, or through a helper that does) is
-- volatile: a stable one runs read-only under PostgREST and on replicas
select is_empty($$
    select p.oid::regprocedure::text
    from pg_proc as p
    where p.pronamespace in ('med_api'::regnamespace, 'med_private'::regnamespace)
      and p.provolatile <> 'v'
      and p.prosrc ~* '\m(insert\s+into|update\s+med\.|delete\s+from|core\.enqueue(_many)?\s*\(|med_private\.(notify_guardians|notify_supervisors|alert_emergency)\s*\()'
$$, 'every med function that writes or queues a job is volatile');

select * from finish();
rollback;
