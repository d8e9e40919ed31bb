create function med_private.restricted_for(student_id uuid, local_day date, guardian_id uuid, full_name text)
returns boolean
language sql
stable
set search_path = ''
as $$
    select exists (
        select
        from med.custody_restrictions as restrictions
        join med.guardians as guardians on guardians.id = restrictions.guardian_id
        where restrictions.student_id = restricted_for.student_id
          and restrictions.starts_on <= restricted_for.local_day
          and (restrictions.ends_on is null or restrictions.ends_on >= restricted_for.local_day)
          and (guardians.id = restricted_for.guardian_id
               or med_private.person_key(guardians.full_name) = med_private.person_key(restricted_for.full_name)))
$$;
comment on function med_private.restricted_for(uuid, date, uuid, text) is 'Whether a custody restriction of the student in force on local_day (the school''s date) names the guardian guardian_id, or a guardian whose name is full_name as med_private.person_key compares names (spacing, case of every letter, invisible characters, typographic apostrophes and dashes do not matter); false when neither matches (a null id or name matches nothing). The one test of add_guardian, add_authorized_pickup and record_visit. Internal.';
