-- Scaled data for the school health benchmark: bench.scale x 300 more
-- students of Demo District (seed.generate_med), then one request target per
-- student of a school that has a nurse: the student and the claims of that
-- school's nurse, as PostgREST would put them in request.jwt.claims.
select seed.generate_med(greatest(coalesce(nullif(current_setting('bench.scale', true), '')::int, 1), 1));

create schema bench_med;

create table bench_med.params (
    n int primary key,
    student_id uuid not null,
    nurse_id uuid not null,
    claims text not null
);

insert into bench_med.params (n, student_id, nurse_id, claims)
select row_number() over (order by students.id)::int,
       students.id,
       nurses.id,
       json_build_object('role', nurses.role, 'sub', nurses.id::text, 'email', nurses.email, 'app', 'med')::text
from med.students as students
join core.tenants as tenants on tenants.id = students.tenant_id and tenants.name = 'Demo District'
join lateral (
    select users.id, users.role, users.email
    from med.school_assignments as assignments
    join core.users as users on users.id = assignments.user_id
    where assignments.school_id = students.school_id
      and users.role = 'med_nurse'
      and users.is_active
    order by users.email
    limit 1
) as nurses on true;

analyze bench_med.params;

-- immunizations_guardian: guardian1@med.demo reads the vaccine doses of
-- their children through med_api.immunizations; the reference reads the
-- same rows as the table owner by the children's ids
create table bench_med.guardian_reader (
    claims text not null,
    student_ids uuid[] not null
);
insert into bench_med.guardian_reader (claims, student_ids)
select pg_catalog.jsonb_build_object('role', users.role, 'sub', users.id::text, 'email', users.email, 'app', 'med')::text,
       array(select links.student_id
             from med.guardians as guardians
             join med.student_guardians as links on links.guardian_id = guardians.id
             where guardians.user_id = users.id)
from core.users as users
where users.email = 'guardian1@med.demo';
