create function med_private.active_guardians(student_id uuid)
returns table (guardian_id uuid, full_name text, email text, phone text)
language sql
stable
set search_path = ''
as $$
    select guardians.id, guardians.full_name, guardians.email, guardians.phone
    from med.student_guardians as links
    join med.guardians as guardians on guardians.id = links.guardian_id
    join med.students as students on students.id = links.student_id
    join med.schools as schools on schools.id = students.school_id
    where links.student_id = active_guardians.student_id
      and not exists (
          select
          from med.custody_restrictions as restrictions
          where restrictions.student_id = links.student_id
            and restrictions.guardian_id = links.guardian_id
            and restrictions.starts_on <= (now() at time zone schools.time_zone)::date
            and (restrictions.ends_on is null or restrictions.ends_on >= (now() at time zone schools.time_zone)::date))
    order by guardians.full_name, guardians.id
$$;
comment on function med_private.active_guardians(uuid) is 'The guardians of a student who are not under a custody restriction in force (school-local today): those who are notified about the child.';
