-- thick: alone
-- restrict_custody holds the lock of the student's pickup list that
-- add_authorized_pickup takes (an advisory lock per student) until its
-- transaction ends: a pickup of the restricted guardian added at the same
-- time waits, then reads the restriction (without the lock both passed,
-- and the guardian stayed listed). tests/med/01_students.sql shows the lock
-- in pg_locks; this file shows the wait itself.
--
-- The wait shows only to another session, so this file runs alone
-- (`thick: alone`: no other file's locks in the way; it commits nothing):
-- this session records the restriction and keeps its transaction open, a
-- nurse adds the same guardian's name as a pickup in a second session
-- (tests.start_in_second_session), which must wait for the pickup list's
-- lock. Then this session lets go (rollback to savepoint) and the second
-- session's call ends, the name added; its transaction is rolled back too.
begin;
select plan(4);

-- a guardian of a North Elementary student who is on no pickup list (the
-- seed lists every guardian not under a restriction, and a name already
-- listed would make the second session wait anyway, on the unique index
-- behind the listed row that the restriction deletes): added by this
-- session, so the second one never sees them
select set_config('t.student', students.id::text, true)
from med.students as students
join med.schools as schools on schools.id = students.school_id
where schools.name = 'North Elementary'
order by students.id
limit 1;
with guardian as (
    insert into med.guardians (tenant_id, full_name)
    select students.tenant_id, 'Morgan Quill' from med.students as students where students.id = current_setting('t.student')::uuid
    returning guardians.id, guardians.tenant_id
), link as (
    insert into med.student_guardians (tenant_id, student_id, guardian_id, relationship)
    select guardian.tenant_id, current_setting('t.student')::uuid, guardian.id, 'parent' from guardian
)
select set_config('t.guardian', guardian.id::text, true) from guardian;
select is((select count(*) from med.student_guardians
           where student_id = current_setting('t.student')::uuid and guardian_id = current_setting('t.guardian')::uuid), 1::bigint,
          'Morgan Quill is a guardian of a North Elementary student, on no pickup list');

savepoint held;
select tests.act_as('nurse.north@med.demo');
select med_api.restrict_custody(current_setting('t.student')::uuid, current_setting('t.guardian')::uuid, 'court order 2026-51');
reset role;

select tests.start_in_second_session('pickup', 'nurse.north@med.demo', pg_catalog.format(
    'select med_api.add_authorized_pickup(%L, %L, ''parent'')::text', current_setting('t.student'), 'Morgan Quill'));

select set_config('t.pickup_pid', coalesce(tests.second_session_waiting('pickup')::text, ''), true);
select ok(current_setting('t.pickup_pid') <> ''
          and tests.waits_for_me(current_setting('t.pickup_pid')::int),
          'a pickup of the restricted guardian added meanwhile waits for this session');
select ok(exists (select from pg_catalog.pg_locks as locks
                  where locks.pid = nullif(current_setting('t.pickup_pid'), '')::int
                    and locks.locktype = 'advisory' and not locks.granted),
          'for the lock of the student''s pickup list');

rollback to savepoint held;
select is(tests.end_second_session('pickup'), 1::bigint, 'once the restriction is rolled back the pickup is added');

select * from finish();
rollback;
