create function med_api.add_guardian(student_id uuid, full_name text, relationship text, email text default null, phone text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    clean_email text := case when core.has_text(add_guardian.email) then pg_catalog.btrim(add_guardian.email) end;
    clean_phone text := pg_catalog.regexp_replace(coalesce(add_guardian.phone, ''), '[\s()./-]', '', 'g');
    guardian_id uuid;
    found_name text;
begin
    perform core.check_text(add_guardian.full_name, 'a name', 200);
    perform core.check_text(add_guardian.relationship, 'a relationship', 200);
    perform core.check_text(add_guardian.email, 'an e-mail address', 254);
    perform core.check_text(add_guardian.phone, 'a phone number', 200);
    if not core.has_text(add_guardian.full_name) or not core.has_text(add_guardian.relationship) then
        raise exception 'a guardian needs a name and a relationship to the student'
            using errcode = '22023';
    end if;
    if clean_email is not null and not core.is_email(clean_email) then
        raise exception 'invalid e-mail %', add_guardian.email
            using errcode = '22023';
    end if;
    if clean_phone <> '' and clean_phone !~ '^\+[1-9][0-9]{6,14}$' then
        raise exception 'invalid phone number %', add_guardian.phone
            using errcode = '22023', hint = 'use the international E.164 form, e.g. +15555550123';
    end if;
    -- the lock of the student's pickup list, which restrict_custody holds
    -- too (that advisory lock first, then the student's row): a restriction
    -- recorded at the same time is either seen below or waits for this link
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('med.authorized_pickups:' || add_guardian.student_id::text, 0));
    student := med_private.visible_student(add_guardian.student_id);

    -- never a guardian under a custody restriction for this student linked
    -- again as a new guardian row (under another e-mail or phone), which no
    -- restriction would cover and which would then be notified: the name is
    -- compared by med_private.person_key, as add_authorized_pickup does
    if med_private.restricted_for(student.id, med_private.school_local_date(student.school_id), null, add_guardian.full_name) then
        raise exception '% is under a custody restriction for this student', pg_catalog.btrim(add_guardian.full_name)
            using errcode = 'P0001',
                  hint = 'to change the contact details of a guardian already linked, update that guardian; a restricted guardian is not linked again';
    end if;

    -- the same person (same e-mail) already known to the caller (a guardian
    -- of another student she sees): link them rather than duplicate; a
    -- guardian the caller cannot see is never revealed by an e-mail guess
    if clean_email is not null then
        select guardians.id, guardians.full_name into guardian_id, found_name
        from med_private.guardians as guardians
        where guardians.tenant_id = student.tenant_id
          and pg_catalog.lower(guardians.email) = pg_catalog.lower(clean_email)
        order by guardians.created_at
        limit 1;
    end if;
    -- and the row so found is judged as the name typed is: a restricted
    -- guardian's other row (made for a child of another marriage, under
    -- another e-mail) is never linked, whatever name is typed, since it would
    -- be notified of the child's EMS and sent-home alerts
    if guardian_id is not null
       and med_private.restricted_for(student.id, med_private.school_local_date(student.school_id), guardian_id, found_name) then
        raise exception '% (the guardian of e-mail %) is under a custody restriction for this student', found_name, clean_email
            using errcode = 'P0001',
                  hint = 'a restricted guardian is not linked again, under any name';
    end if;
    if guardian_id is null then
        insert into med.guardians (tenant_id, full_name, email, phone)
        values (student.tenant_id, pg_catalog.btrim(add_guardian.full_name), clean_email, nullif(clean_phone, ''))
        returning guardians.id into guardian_id;
    end if;
    insert into med.student_guardians (student_id, guardian_id, tenant_id, relationship)
    values (student.id, guardian_id, student.tenant_id, pg_catalog.btrim(add_guardian.relationship));
    return guardian_id;
end
$$;
comment on function med_api.add_guardian(uuid, text, text, text, text) is 'Links a guardian (name, relationship, e-mail, E.164 phone for notifications) to a student the caller may see; a guardian the caller already sees (same e-mail) is linked rather than duplicated. Returns the guardian id. Nurse, supervisor. Raises 22023 for a blank name or relationship (white space of any kind or invisible characters only: core.has_text), a malformed e-mail (core.is_email: white space or an invisible character anywhere in it too) or phone, PT404 for a student not visible, P0001 for a guardian whose name (compared by med_private.person_key: spacing, case of any letter (JÜRGEN = Jürgen), a typographic apostrophe or dash and invisible characters such as a soft hyphen do not matter) is that of a guardian under a custody restriction in force for the student (he would be a new guardian row, outside the restriction, and notified), and likewise when the existing guardian found by the e-mail, about to be linked, bears such a name (the restricted guardian himself included), whatever name is typed (a restricted father''s other row, made for another child), 23505 when already linked. Takes the lock of the student''s pickup list that med_api.restrict_custody holds, so that a restriction recorded at the same time is not missed. Security definer: writes the guardian tables after checking visibility.';
