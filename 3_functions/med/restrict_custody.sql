create function med_api.restrict_custody(student_id uuid, guardian_id uuid, reason text, ends_on date default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    local_today date;
    restriction_id uuid;
begin
    perform core.check_text(restrict_custody.reason, 'a reason', 4000);
    if not core.has_text(restrict_custody.reason) then
        raise exception 'a custody restriction needs a reason (e.g. the court order)'
            using errcode = '22023';
    end if;
    if restrict_custody.ends_on in ('infinity', '-infinity') then
        raise exception 'invalid end date %', restrict_custody.ends_on
            using errcode = '22023', hint = 'leave it null for a restriction until lifted';
    end if;
    -- the student's pickup list, as add_authorized_pickup holds it (that
    -- advisory lock first, then the student's row): a pickup added at the
    -- same time either is listed before, and removed below, or waits and
    -- then finds the restriction; without it both passed, and the
    -- restricted guardian stayed listed
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('med.authorized_pickups:' || restrict_custody.student_id::text, 0));
    student := med_private.visible_student(restrict_custody.student_id);
    local_today := med_private.school_local_date(student.school_id);
    if restrict_custody.ends_on < local_today then
        raise exception 'the restriction would have ended on %', restrict_custody.ends_on
            using errcode = '22023';
    end if;
    if not exists (
        select
        from med.student_guardians as links
        where links.student_id = student.id
          and links.guardian_id = restrict_custody.guardian_id
    ) then
        raise exception 'guardian % is not a guardian of student %', coalesce(restrict_custody.guardian_id::text, 'null'), student.id
            using errcode = 'PT404';
    end if;

    insert into med.custody_restrictions (tenant_id, student_id, guardian_id, reason, starts_on, ends_on, recorded_by)
    values (student.tenant_id, student.id, restrict_custody.guardian_id, pg_catalog.btrim(restrict_custody.reason),
            local_today, restrict_custody.ends_on, core.current_user_id())
    returning custody_restrictions.id into restriction_id;

    -- the restricted guardian is no longer an authorized pickup
    delete from med.authorized_pickups as pickups
    where pickups.student_id = student.id
      and (pickups.guardian_id = restrict_custody.guardian_id
           or med_private.person_key(pickups.full_name) = (
                  select med_private.person_key(guardians.full_name)
                  from med.guardians as guardians
                  where guardians.id = restrict_custody.guardian_id));
    return restriction_id;
end
$$;
comment on function med_api.restrict_custody(uuid, uuid, text, date) is 'Records a custody restriction against one guardian of a student, from today (school-local) until ends_on (null: until lifted): the guardian then sees nothing of the child, receives no notification about it and is removed from its authorized pickups (by link or by name), under the lock of the pickup list that add_authorized_pickup takes, so that a pickup added at the same time cannot stay listed. Nurse, supervisor. Raises 22023 for no reason (or one of white space or invisible characters only: core.has_text), an infinite end or an end in the past, PT404 for a student not visible or a guardian not linked to it. Security definer: writes after checking visibility.';
